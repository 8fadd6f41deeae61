package dev.weft.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

class PreviewTest {

    @Test
    void structuredPeerIsCompiledOnJdk25AndSkippedWithAMessageBefore(@TempDir Path dir)
            throws Exception {
        List<String> notes = new ArrayList<>();
        Optional<Path> out = Preview.compile(dir.resolve("classes"), notes);
        if (Runtime.version().feature() >= Preview.MIN_FEATURE) {
            assertTrue(out.isPresent(), notes.toString());
            assertTrue(
                    Files.exists(
                            dir.resolve("classes/dev/weft/bench/preview/JdkStructuredPeer.class")));
        } else {
            assertTrue(out.isEmpty());
            assertTrue(
                    notes.get(0).startsWith("StructuredTaskScope peer skipped: running on JDK"),
                    notes.toString());
        }
    }
}
