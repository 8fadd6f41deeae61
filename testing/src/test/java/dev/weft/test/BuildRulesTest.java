package dev.weft.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Rules of the build that concern this artifact, checked on the reactor's sources: every module of
 * Weft runs its tests under the leak check, and the artifact ships nothing but its API.
 */
class BuildRulesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String SERVICES =
            "src/test/resources/META-INF/services/org.junit.jupiter.api.extension.Extension";

    @Test
    void everyModuleWithTestsRegistersTheLeakCheckForEveryTest() throws IOException {
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(parent);
        List<String> missing = new ArrayList<>();
        int checked = 0;
        while (m.find()) {
            Path module = ROOT.resolve(m.group(1));
            if (!Files.isDirectory(module.resolve("src/test/java"))) {
                continue;
            }
            checked++;
            Path services = module.resolve(SERVICES);
            // Core's tests cannot depend on weft-test (which depends on core): they use an adapter
            // of their own that calls the same mechanism.
            String expected =
                    m.group(1).equals("core")
                            ? "dev.weft.CoreLeakCheck"
                            : NoLeakedTasksExtension.class.getName();
            if (!Files.exists(services) || !Files.readAllLines(services).contains(expected)) {
                missing.add(m.group(1) + " (" + SERVICES + " must list " + expected + ")");
            }
        }
        assertTrue(checked >= 4, "modules with tests found: " + checked);
        assertEquals(List.of(), missing);
        String surefire =
                parent.substring(parent.indexOf("<artifactId>maven-surefire-plugin</artifactId>"));
        assertTrue(
                surefire.contains("junit.jupiter.extensions.autodetection.enabled = true"),
                "the parent's surefire configuration switches auto-detection on");
    }

    @Test
    void theArtifactShipsNoLoggingConfigurationNoServiceRegistrationAndNoTests()
            throws IOException {
        Path classes = Path.of("target/classes");
        List<String> unexpected;
        try (Stream<Path> files = Files.walk(classes)) {
            unexpected =
                    files.filter(Files::isRegularFile)
                            .map(p -> classes.relativize(p).toString().replace('\\', '/'))
                            .filter(
                                    p ->
                                            p.startsWith("META-INF/services")
                                                    || p.contains("logback")
                                                    || p.endsWith(".xml")
                                                    || p.endsWith(".properties")
                                                    || p.endsWith("Test.class")
                                                    || p.contains("Test$"))
                            .toList();
        }
        assertEquals(List.of(), unexpected);
    }
}
