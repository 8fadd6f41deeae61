package dev.weft.io.files.internal;

import dev.weft.internal.Cancellations;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/*
 * Directory trees: recursive delete, listing and walking. Symbolic links are never followed, so a
 * link to a directory outside the tree is listed (or deleted) as a link, and cycles are impossible.
 * Directories answer in bounded time, so these calls run directly on the caller's thread. Listing
 * and walking check for cancellation before each entry; deleting runs a check given by the caller
 * before each entry.
 */
public final class Trees {
    private Trees() {}

    /**
     * Deletes {@code path} and, if it is a directory, everything below it, calling {@code
     * beforeEachEntry} before each entry is visited (a cancellation check for {@code
     * WeftFiles.deleteRecursively}; nothing for {@code TempPath.close}, which must clean up even in
     * a cancelled task). An exception it throws stops the deletion, leaving the entries not yet
     * visited.
     *
     * @param path what to delete
     * @param beforeEachEntry run before each file and directory
     * @return whether {@code path} existed
     * @throws IOException if something cannot be deleted
     */
    public static boolean deleteRecursively(Path path, Runnable beforeEachEntry)
            throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        Files.walkFileTree(
                path,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        beforeEachEntry.run();
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                            throws IOException {
                        beforeEachEntry.run();
                        Files.deleteIfExists(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e)
                            throws IOException {
                        if (e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e)
                            throws IOException {
                        if (e != null) {
                            throw e;
                        }
                        Files.deleteIfExists(dir);
                        return FileVisitResult.CONTINUE;
                    }
                });
        return true;
    }

    /** Lists the direct children of {@code dir} accepted by {@code filter}, sorted by name. */
    public static List<Path> list(Path dir, DirectoryStream.Filter<? super Path> filter)
            throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, filter)) {
            for (Path p : entries) {
                Cancellations.checkpoint();
                out.add(p);
            }
        }
        out.sort(null);
        return out;
    }

    /**
     * Lists every entry below {@code root} (not {@code root} itself) accepted by {@code filter},
     * depth first, parents before children, siblings sorted by name.
     */
    public static List<Path> walk(Path root, Predicate<? super Path> filter) throws IOException {
        if (!Files.isDirectory(root)) {
            throw Files.exists(root)
                    ? new NotDirectoryException(root.toString())
                    : new NoSuchFileException(root.toString());
        }
        List<Path> out = new ArrayList<>();
        walkInto(root, filter, out);
        return out;
    }

    private static void walkInto(Path dir, Predicate<? super Path> filter, List<Path> out)
            throws IOException {
        for (Path p : list(dir, x -> true)) {
            if (filter.test(p)) {
                out.add(p);
            }
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                walkInto(p, filter, out);
            }
        }
    }
}
