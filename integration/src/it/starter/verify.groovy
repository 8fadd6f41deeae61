// Runs after the starter's own build (mvn package exec:exec) succeeded: checks what its program
// printed and that its tests ran.
def log = new File(basedir, 'build.log').getText('UTF-8')
def expected = 'Weft starter: wrote and read back alpha.txt (36 bytes), beta.txt (33 bytes), gamma.txt (36 bytes), all at once'
assert log.contains(expected) : "the starter's program did not print: ${expected}"
assert log.contains('Toolchain in exec-maven-plugin: JDK[') : 'the starter did not run on the toolchain JDK'
assert log =~ /INFO .*com\.example\.App - wrote and read back 3 files in / : 'the starter did not log through its SLF4J provider'
// Its tests use weft-test from the snapshot: virtual time and the leak check.
def tests = log =~ /Tests run: (\d+), Failures: 0, Errors: 0, Skipped: 0, Time elapsed: ([0-9.]+) s\S* -- in com\.example\.AppTest/
assert tests.find() : "the starter's AppTest did not run and pass"
assert tests.group(1) == '2' : "the starter ran ${tests.group(1)} tests, expected 2"
assert Double.parseDouble(tests.group(2)) < 20 : "the starter's tests took ${tests.group(2)} s: the virtual minute took real time"
return true
