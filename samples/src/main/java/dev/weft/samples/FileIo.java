package dev.weft.samples;

import dev.weft.Weft;
import dev.weft.io.files.FileHandle;
import dev.weft.io.files.TempPath;
import dev.weft.io.files.WeftFiles;

import java.nio.file.Path;

/**
 * The tutorial's file example (aiofiles): writes {@code Hello, asyncio!} to {@code example.txt},
 * reads it back and prints it, with Weft's Python-mode file handles. The file lives in a fresh
 * temporary directory, deleted afterwards, never in the working tree.
 *
 * <pre>{@code
 * async with aiofiles.open('example.txt', mode='w') as f:
 *     await f.write('Hello, asyncio!')
 * async with aiofiles.open('example.txt', mode='r') as f:
 *     print(await f.read())
 * }</pre>
 *
 * Prints {@code Hello, asyncio!}.
 */
public final class FileIo {
    public static void main(String[] args) {
        Weft.run(
                () -> {
                    try (TempPath dir = WeftFiles.tempDirectory("weft-files-")) {
                        Path file = dir.path().resolve("example.txt");
                        try (FileHandle f = WeftFiles.open(file, "w")) {
                            f.writeString("Hello, asyncio!");
                        }
                        try (FileHandle f = WeftFiles.open(file, "r")) {
                            System.out.println(f.readString());
                        }
                    }
                });
    }
}
