// Runs after the starter's own build (mvn package exec:exec) succeeded: checks what its program printed.
def log = new File(basedir, 'build.log').getText('UTF-8')
def expected = 'Weft starter: wrote and read back alpha.txt (36 bytes), beta.txt (33 bytes), gamma.txt (36 bytes), all at once'
assert log.contains(expected) : "the starter's program did not print: ${expected}"
assert log.contains('Toolchain in exec-maven-plugin: JDK[') : 'the starter did not run on the toolchain JDK'
assert log =~ /INFO .*com\.example\.App - wrote and read back 3 files in / : 'the starter did not log through its SLF4J provider'
return true
