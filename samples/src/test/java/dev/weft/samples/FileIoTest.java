package dev.weft.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

class FileIoTest {
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void writesReadsBackAndPrintsOutsideTheWorkingTree() throws Exception {
        LineRecorder rec = Captured.run(FileIo::main).out();

        assertEquals(List.of("Hello, asyncio!"), rec.texts());
        assertFalse(
                Files.exists(Path.of("example.txt")),
                "example.txt must not land in the working directory");
    }
}
