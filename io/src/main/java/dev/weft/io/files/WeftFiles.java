package dev.weft.io.files;

import dev.weft.CancelledException;
import dev.weft.Channel;
import dev.weft.internal.ArgumentRules;
import dev.weft.internal.Cancellations;
import dev.weft.internal.DurationRules;
import dev.weft.io.files.internal.AtomicWrite;
import dev.weft.io.files.internal.Blocking;
import dev.weft.io.files.internal.Fan;
import dev.weft.io.files.internal.Follow;
import dev.weft.io.files.internal.OpenMode;
import dev.weft.io.files.internal.Trees;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Blocking file helpers for virtual threads: the counterpart of Python's aiofiles, {@code pathlib}
 * and {@code shutil}, without a thread-pool hop per call. The name says what it is (Weft's file
 * helpers) without clashing with {@link java.nio.file.Files}, which it complements and whose verbs
 * it reuses ({@code readString}, {@code readAllBytes}, {@code lines}, {@code writeString}...).
 *
 * <h2>Blocking and the offload pool</h2>
 *
 * Every method blocks its calling thread until the file system answers; call it from a Weft task (a
 * virtual thread). Calls on regular files and directories run directly on the caller's thread,
 * after one {@code stat} that decides the path. Calls on anything that may block indefinitely
 * (FIFOs, devices, sockets, files whose type cannot be read) run on a small pool of daemon platform
 * threads (16, system property {@code weft.io.offloadThreads}) while the caller parks: on JDK 21-25
 * a virtual thread blocked in a file read keeps its carrier, and 50 such reads freeze every virtual
 * thread of a 2-core machine. Measured costs are in {@code docs/files.md}. Network file systems are
 * seen as regular files and run directly.
 *
 * <h2>Cancellation</h2>
 *
 * Each method is a cancellation point with core's rule: if the calling task is cancelled (also
 * earlier: cancellation is sticky) or the thread is interrupted before or during the call, it
 * throws {@link CancelledException}, with the {@link InterruptedException} or {@link
 * java.nio.channels.ClosedByInterruptException} as cause when an interrupt stopped it. In a Weft
 * task the interrupt status is then left cleared, so cleanup code can still block; in any other
 * thread it is set again. Helpers open a channel of their own per call, so an interrupt never
 * closes a channel someone else uses. Whole-file writes are atomic by default ({@link
 * WriteMode#ATOMIC}): a cancelled or crashed write leaves the old content or the new, never a mix,
 * and no temporary file after a cancellation.
 *
 * <h2>Errors</h2>
 *
 * Failures are the JDK's own exceptions with the path in the message: {@link
 * java.nio.file.NoSuchFileException}, {@link java.nio.file.AccessDeniedException}, {@link
 * java.nio.file.FileSystemException} ("is a directory, not a file") and so on. Invalid arguments
 * throw {@link IllegalArgumentException} naming them.
 *
 * <p>Thread-safe: every method may be called from any number of threads. Every argument must be
 * non-null; {@code null} throws {@link NullPointerException} naming it.
 */
public final class WeftFiles {
    private static final Logger LOG = LoggerFactory.getLogger(WeftFiles.class);
    private static final int COPY_BUFFER = 64 * 1024;

    private WeftFiles() {}

    // ---------------------------------------------------------------- open

    /**
     * Opens a file with a Python mode string and UTF-8 text: {@code "r"}, {@code "w"}, {@code "a"},
     * {@code "x"}, each optionally with {@code "+"} (read and write) and {@code "b"} or {@code "t"}
     * (accepted, no effect: handles offer bytes and text). Blocks until the file is open; for a
     * FIFO that is until the other end opens it, parked off the carriers.
     *
     * @param path the file
     * @param mode the Python mode, such as {@code "r"}, {@code "wb"}, {@code "a+"}
     * @return the open handle; close it
     * @throws IllegalArgumentException if {@code mode} is not a valid mode
     * @throws java.nio.file.NoSuchFileException if the file is missing and the mode does not create
     * @throws java.nio.file.FileAlreadyExistsException if the mode is {@code "x"} and the file
     *     exists
     * @throws java.nio.file.FileSystemException if {@code path} is a directory
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if the file cannot be opened
     */
    public static FileHandle open(Path path, String mode) throws IOException {
        return open(path, mode, StandardCharsets.UTF_8);
    }

    /**
     * Opens a file with a Python mode string and the given charset for its text methods. Blocks and
     * fails as {@link #open(Path, String)}.
     *
     * @param path the file
     * @param mode the Python mode, such as {@code "r"} or {@code "w+"}
     * @param charset the charset of the handle's text methods
     * @return the open handle; close it
     * @throws IllegalArgumentException if {@code mode} is not a valid mode
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if the file cannot be opened
     */
    public static FileHandle open(Path path, String mode, Charset charset) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(charset, "charset");
        OpenMode m = OpenMode.parse(mode);
        return FileHandle.open(path, m.options(), m.appendOnWrite(), charset);
    }

    /**
     * Opens a file with Java open options, as {@link FileChannel#open(Path, OpenOption...)} does
     * (no options means {@code READ}). Blocks and fails as {@link #open(Path, String)}.
     *
     * @param path the file
     * @param charset the charset of the handle's text methods
     * @param options the open options
     * @return the open handle; close it
     * @throws IllegalArgumentException if the options are an invalid combination
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if the file cannot be opened
     */
    public static FileHandle open(Path path, Charset charset, OpenOption... options)
            throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(options, "options");
        Set<OpenOption> set =
                options.length == 0 ? Set.of(StandardOpenOption.READ) : Set.of(options);
        return FileHandle.open(path, set, false, charset);
    }

    // ---------------------------------------------------------------- read

    /**
     * Reads a whole file into a byte array. Blocks until the end of the file.
     *
     * @param path the file
     * @return its content
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws java.nio.file.FileSystemException if it is a directory
     * @throws OutOfMemoryError if it is larger than 2 GiB
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if reading fails
     */
    public static byte[] readAllBytes(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        return read(path, "reading " + path, () -> Files.readAllBytes(path));
    }

    /**
     * Reads a whole UTF-8 file as a string. Blocks until the end of the file.
     *
     * @param path the file
     * @return its text
     * @throws java.nio.charset.MalformedInputException if it is not valid UTF-8
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if reading fails
     */
    public static String readString(Path path) throws IOException {
        return readString(path, StandardCharsets.UTF_8);
    }

    /**
     * Reads a whole file as a string in {@code charset}. Blocks until the end of the file.
     *
     * @param path the file
     * @param charset its encoding
     * @return its text
     * @throws java.nio.charset.CharacterCodingException if it is not valid in {@code charset}
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if reading fails
     */
    public static String readString(Path path, Charset charset) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(charset, "charset");
        return read(path, "reading " + path, () -> Files.readString(path, charset));
    }

    /**
     * Reads every line of a file into a list, without terminators. Blocks until the end of the
     * file.
     *
     * @param path the file
     * @param charset its encoding
     * @return the lines, modifiable
     * @throws java.nio.charset.CharacterCodingException if it is not valid in {@code charset}
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if reading fails
     */
    public static List<String> readAllLines(Path path, Charset charset) throws IOException {
        try (Stream<String> lines = lines(path, charset)) {
            return lines.collect(ArrayList::new, ArrayList::add, ArrayList::addAll);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Opens a file and returns its lines as a lazy stream that must be closed (use
     * try-with-resources); it reads one 64 KiB buffer at a time as it is consumed. Blocks while
     * opening; consuming blocks like {@link FileHandle#readLine()}.
     *
     * @param path the file
     * @param charset its encoding
     * @return the lines; closing the stream closes the file
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws java.io.UncheckedIOException while consuming, if reading fails
     * @throws CancelledException if the calling thread is interrupted, also while consuming
     * @throws IOException if the file cannot be opened
     */
    public static Stream<String> lines(Path path, Charset charset) throws IOException {
        FileHandle handle = open(path, charset, StandardOpenOption.READ);
        try {
            return handle.lines()
                    .onClose(
                            () -> {
                                try {
                                    handle.close();
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        } catch (IOException | RuntimeException e) {
            Blocking.closeQuietly(handle, e);
            throw e;
        }
    }

    // ---------------------------------------------------------------- write

    /**
     * Replaces a file's content with {@code bytes}, atomically ({@link WriteMode#ATOMIC}). Blocks
     * until the new content and the rename are on disk.
     *
     * @param path the file, created if missing
     * @param bytes the new content
     * @throws java.nio.file.NoSuchFileException if the parent directory does not exist
     * @throws java.nio.file.FileSystemException if {@code path} is a directory
     * @throws CancelledException if the calling thread is interrupted; the old content stays
     * @throws IOException if writing fails; the old content stays
     */
    public static void write(Path path, byte[] bytes) throws IOException {
        write(path, bytes, WriteMode.ATOMIC);
    }

    /**
     * Replaces a file's content with {@code bytes} in the given mode. Blocks until written (for
     * {@link WriteMode#ATOMIC}: until on disk).
     *
     * @param path the file, created if missing
     * @param bytes the new content
     * @param mode atomic or in place
     * @throws java.nio.file.FileSystemException if {@code path} is a directory
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if writing fails
     */
    public static void write(Path path, byte[] bytes, WriteMode mode) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(mode, "mode");
        AtomicWrite.write(path, mode, false, out -> out.write(bytes));
    }

    /**
     * Replaces a file's content with {@code text} in UTF-8, atomically. Blocks and fails as {@link
     * #write(Path, byte[])}.
     *
     * @param path the file, created if missing
     * @param text the new content
     * @throws CancelledException if the calling thread is interrupted; the old content stays
     * @throws IOException if writing fails; the old content stays
     */
    public static void writeString(Path path, CharSequence text) throws IOException {
        writeString(path, text, StandardCharsets.UTF_8, WriteMode.ATOMIC);
    }

    /**
     * Replaces a file's content with {@code text} encoded in {@code charset}, atomically. Blocks
     * and fails as {@link #write(Path, byte[])}.
     *
     * @param path the file, created if missing
     * @param text the new content
     * @param charset the encoding
     * @throws java.nio.charset.CharacterCodingException if {@code text} cannot be encoded
     * @throws CancelledException if the calling thread is interrupted; the old content stays
     * @throws IOException if writing fails; the old content stays
     */
    public static void writeString(Path path, CharSequence text, Charset charset)
            throws IOException {
        writeString(path, text, charset, WriteMode.ATOMIC);
    }

    /**
     * Replaces a file's content with {@code text} encoded in {@code charset}, in the given mode.
     *
     * @param path the file, created if missing
     * @param text the new content
     * @param charset the encoding
     * @param mode atomic or in place
     * @throws java.nio.charset.CharacterCodingException if {@code text} cannot be encoded
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if writing fails
     */
    public static void writeString(Path path, CharSequence text, Charset charset, WriteMode mode)
            throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(mode, "mode");
        byte[] bytes = encode(text, charset);
        AtomicWrite.write(path, mode, false, out -> out.write(bytes));
    }

    /**
     * Replaces a file's content with {@code lines}, each followed by the platform line separator
     * (as {@link Files#write(Path, Iterable, Charset, OpenOption...)}), atomically.
     *
     * @param path the file, created if missing
     * @param lines the lines; none may be null
     * @param charset the encoding
     * @throws java.nio.charset.CharacterCodingException if a line cannot be encoded
     * @throws CancelledException if the calling thread is interrupted; the old content stays
     * @throws IOException if writing fails; the old content stays
     */
    public static void writeLines(
            Path path, Iterable<? extends CharSequence> lines, Charset charset) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(charset, "charset");
        byte[] separator = System.lineSeparator().getBytes(charset);
        AtomicWrite.write(
                path,
                WriteMode.ATOMIC,
                false,
                out -> {
                    for (CharSequence line : lines) {
                        out.write(encode(Objects.requireNonNull(line, "line"), charset));
                        out.write(separator);
                    }
                });
    }

    /**
     * Replaces a file's content with everything {@code in} delivers, in the given mode; use {@link
     * WriteMode#IN_PLACE} for streams too large to stage twice. Blocks until {@code in} is
     * exhausted and the file written. Does not close {@code in}.
     *
     * @param path the file, created if missing
     * @param in the source of the content
     * @param mode atomic or in place
     * @return the number of bytes written
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if reading {@code in} or writing fails
     */
    public static long write(Path path, InputStream in, WriteMode mode) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(mode, "mode");
        long[] count = new long[1];
        AtomicWrite.write(path, mode, false, out -> count[0] = in.transferTo(out));
        return count[0];
    }

    /**
     * Appends {@code bytes} to a file, creating it if missing. Not atomic: a cancelled or crashed
     * append may leave part of {@code bytes} at the end. Blocks until written.
     *
     * @param path the file
     * @param bytes what to append
     * @throws java.nio.file.FileSystemException if {@code path} is a directory
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if writing fails
     */
    public static void append(Path path, byte[] bytes) throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(bytes, "bytes");
        AtomicWrite.append(path, out -> out.write(bytes));
    }

    /**
     * Appends {@code text} encoded in {@code charset} to a file, creating it if missing. Not
     * atomic, as {@link #append(Path, byte[])}.
     *
     * @param path the file
     * @param text what to append
     * @param charset the encoding
     * @throws java.nio.charset.CharacterCodingException if {@code text} cannot be encoded
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if writing fails
     */
    public static void appendString(Path path, CharSequence text, Charset charset)
            throws IOException {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(charset, "charset");
        byte[] bytes = encode(text, charset);
        AtomicWrite.append(path, out -> out.write(bytes));
    }

    // ---------------------------------------------------------------- copy, move, delete

    /**
     * Copies a file's content to {@code target}, replacing it atomically (a reader of {@code
     * target} sees the old or the new content). Attributes are not copied; an existing target keeps
     * its permissions. Blocks until the copy is on disk; if {@code source} is a FIFO or device,
     * runs on the offload pool.
     *
     * @param source the file to copy
     * @param target the file to create or replace
     * @throws java.nio.file.NoSuchFileException if {@code source} does not exist
     * @throws java.nio.file.FileSystemException if either is a directory
     * @throws CancelledException if the calling thread is interrupted; {@code target} is unchanged
     * @throws IOException if reading or writing fails; {@code target} is unchanged
     */
    public static void copy(Path source, Path target) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Blocking.Kind kind = Blocking.kindOf(source);
        if (kind == Blocking.Kind.DIRECTORY) {
            throw Blocking.isDirectory(source);
        }
        AtomicWrite.write(
                target,
                WriteMode.ATOMIC,
                kind == Blocking.Kind.OTHER,
                out -> {
                    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
                        ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
                        while (in.read(buffer) >= 0) {
                            out.write(buffer.array(), 0, buffer.position());
                            buffer.clear();
                        }
                    }
                });
    }

    /**
     * Moves or renames a file or directory, as {@link Files#move(Path, Path, CopyOption...)} (a
     * rename within one file system is atomic). Blocks until done.
     *
     * @param source what to move
     * @param target where to
     * @param options as for {@link Files#move(Path, Path, CopyOption...)}
     * @throws java.nio.file.NoSuchFileException if {@code source} does not exist
     * @throws java.nio.file.FileAlreadyExistsException if {@code target} exists and {@code
     *     REPLACE_EXISTING} is not given
     * @throws CancelledException if the calling thread is interrupted before the move
     * @throws IOException if the move fails
     */
    public static void move(Path source, Path target, CopyOption... options) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(options, "options");
        Blocking.direct("moving " + source, () -> Files.move(source, target, options));
    }

    /**
     * Deletes a file, or a directory with everything in it ({@code shutil.rmtree}). Symbolic links
     * are deleted, never followed. Blocks until done. A cancellation point before every entry: when
     * the calling task is cancelled (or the thread interrupted) during a large delete, it stops
     * before the next file or directory and throws, leaving the entries it had not reached.
     *
     * @param path what to delete
     * @return {@code true} if it existed
     * @throws CancelledException if the calling task is cancelled or the thread interrupted; the
     *     entries deleted before stay deleted, the rest of the tree stays
     * @throws IOException if something cannot be deleted
     */
    public static boolean deleteRecursively(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        return Blocking.direct(
                "deleting " + path, () -> Trees.deleteRecursively(path, Cancellations::checkpoint));
    }

    // ---------------------------------------------------------------- directories

    /**
     * Lists the entries of a directory, sorted by name. Blocks until read.
     *
     * @param dir the directory
     * @return its entries (files, directories, links), each {@code dir} resolved with its name
     * @throws java.nio.file.NotDirectoryException if {@code dir} is not a directory
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if it cannot be read
     */
    public static List<Path> list(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        return Blocking.direct("listing " + dir, () -> Trees.list(dir, p -> true));
    }

    /**
     * Lists the entries of a directory whose names match a glob such as {@code "*.{txt,md}"}
     * (syntax of {@link java.nio.file.FileSystem#getPathMatcher}), sorted by name.
     *
     * @param dir the directory
     * @param glob the pattern for entry names
     * @return the matching entries
     * @throws java.util.regex.PatternSyntaxException if {@code glob} is invalid
     * @throws java.nio.file.NotDirectoryException if {@code dir} is not a directory
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if it cannot be read
     */
    public static List<Path> list(Path dir, String glob) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(glob, "glob");
        var matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
        return Blocking.direct(
                "listing " + dir, () -> Trees.list(dir, p -> matcher.matches(p.getFileName())));
    }

    /**
     * Lists every entry below {@code root} that {@code filter} accepts, depth first, parents before
     * children, siblings by name; {@code root} itself is not included and symbolic links are listed
     * but not followed. Blocks until the whole tree is read.
     *
     * @param root the top directory
     * @param filter which entries to return (all are descended into); for example {@code
     *     Files::isRegularFile}
     * @return the accepted entries
     * @throws java.nio.file.NotDirectoryException if {@code root} is not a directory
     * @throws java.nio.file.NoSuchFileException if it does not exist
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if a directory cannot be read
     */
    public static List<Path> walk(Path root, Predicate<? super Path> filter) throws IOException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(filter, "filter");
        return Blocking.direct("walking " + root, () -> Trees.walk(root, filter));
    }

    /**
     * Creates an empty temporary file in the default temporary directory that is deleted when the
     * returned {@link TempPath} is closed.
     *
     * @param prefix the start of the name
     * @param suffix the end of the name, such as {@code ".txt"}
     * @return the temporary file
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if it cannot be created
     */
    public static TempPath tempFile(String prefix, String suffix) throws IOException {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(suffix, "suffix");
        return new TempPath(
                Blocking.direct("creating temp file", () -> Files.createTempFile(prefix, suffix)));
    }

    /**
     * Creates an empty temporary directory in the default temporary directory that is deleted with
     * all its content when the returned {@link TempPath} is closed.
     *
     * @param prefix the start of the name
     * @return the temporary directory
     * @throws CancelledException if the calling thread is interrupted
     * @throws IOException if it cannot be created
     */
    public static TempPath tempDirectory(String prefix) throws IOException {
        Objects.requireNonNull(prefix, "prefix");
        return new TempPath(
                Blocking.direct(
                        "creating temp directory", () -> Files.createTempDirectory(prefix)));
    }

    // ---------------------------------------------------------------- concurrent helpers

    /**
     * Reads many files at once, each on its own virtual thread, at most {@code concurrency} at a
     * time. Blocks until all are read. Fail-fast: the first failure cancels the other reads and is
     * thrown once every reader has stopped; no thread outlives the call.
     *
     * @param paths the files
     * @param concurrency the most files read at once, at least 1
     * @return the contents, in the order of {@code paths}
     * @throws IllegalArgumentException if {@code concurrency} is less than 1
     * @throws java.nio.file.NoSuchFileException if a file does not exist
     * @throws CancelledException if the calling thread is interrupted; all reads are stopped
     * @throws IOException the first failure of a read
     */
    public static List<byte[]> readAllBytes(List<Path> paths, int concurrency) throws IOException {
        List<Path> copy = List.copyOf(Objects.requireNonNull(paths, "paths"));
        return Fan.map(copy, requireConcurrency(concurrency), "read-many", WeftFiles::readAllBytes);
    }

    /**
     * Reads many text files at once, as {@link #readAllBytes(List, int)} does.
     *
     * @param paths the files
     * @param charset their encoding
     * @param concurrency the most files read at once, at least 1
     * @return the texts, in the order of {@code paths}
     * @throws IllegalArgumentException if {@code concurrency} is less than 1
     * @throws CancelledException if the calling thread is interrupted; all reads are stopped
     * @throws IOException the first failure of a read
     */
    public static List<String> readStrings(List<Path> paths, Charset charset, int concurrency)
            throws IOException {
        List<Path> copy = List.copyOf(Objects.requireNonNull(paths, "paths"));
        Objects.requireNonNull(charset, "charset");
        return Fan.map(
                copy, requireConcurrency(concurrency), "read-many", p -> readString(p, charset));
    }

    /**
     * Computes a digest of every regular file below {@code root}, files hashed concurrently (each
     * on its own virtual thread, at most {@code concurrency} at once). Symbolic links are not
     * followed. Blocks until every file is hashed.
     *
     * @param root the top directory
     * @param algorithm a {@link MessageDigest} algorithm such as {@code "SHA-256"}
     * @param concurrency the most files hashed at once, at least 1
     * @return lower-case hex digests by path relative to {@code root}, sorted by path
     * @throws IllegalArgumentException if {@code algorithm} is unknown or {@code concurrency} &lt;
     *     1
     * @throws java.nio.file.NotDirectoryException if {@code root} is not a directory
     * @throws CancelledException if the calling thread is interrupted; all hashing is stopped
     * @throws IOException the first failure
     */
    public static SortedMap<Path, String> checksumTree(Path root, String algorithm, int concurrency)
            throws IOException {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(algorithm, "algorithm");
        requireConcurrency(concurrency);
        newDigest(algorithm);
        List<Path> files = walk(root, p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS));
        List<String> digests = Fan.map(files, concurrency, "checksum", f -> digest(f, algorithm));
        SortedMap<Path, String> out = new TreeMap<>();
        for (int i = 0; i < files.size(); i++) {
            out.put(root.relativize(files.get(i)), digests.get(i));
        }
        return Collections.unmodifiableSortedMap(out);
    }

    /**
     * Copies a directory tree: directories are created first, then regular files are copied
     * concurrently (each on its own virtual thread, at most {@code concurrency} at once, each copy
     * atomic as {@link #copy(Path, Path)}); symbolic links are copied as links. Other entries
     * (FIFOs, devices, sockets) are skipped with a warning in the log. Existing files in the target
     * are replaced. Blocks until everything is copied.
     *
     * @param source the directory to copy
     * @param target the directory to create or fill; must not be inside {@code source}
     * @param concurrency the most files copied at once, at least 1
     * @return the number of regular files copied
     * @throws IllegalArgumentException if {@code target} is inside {@code source} or {@code
     *     concurrency} &lt; 1
     * @throws java.nio.file.NotDirectoryException if {@code source} is not a directory
     * @throws CancelledException if the calling thread is interrupted; the tree is partly copied
     * @throws IOException the first failure
     */
    public static int copyTree(Path source, Path target, int concurrency) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        requireConcurrency(concurrency);
        if (target.toAbsolutePath().normalize().startsWith(source.toAbsolutePath().normalize())) {
            throw new IllegalArgumentException("target " + target + " is inside source " + source);
        }
        List<Path> entries = walk(source, p -> true);
        List<Path> files = new ArrayList<>();
        Blocking.direct(
                "copying " + source,
                () -> {
                    Files.createDirectories(target);
                    for (Path p : entries) {
                        Cancellations.checkpoint();
                        Path to = target.resolve(source.relativize(p).toString());
                        if (Files.isSymbolicLink(p)) {
                            Files.deleteIfExists(to);
                            Files.createSymbolicLink(to, Files.readSymbolicLink(p));
                        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                            Files.createDirectories(to);
                        } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                            files.add(p);
                        } else {
                            LOG.warn(
                                    "copyTree skips {}: not a regular file, directory or symbolic link",
                                    p);
                        }
                    }
                    return null;
                });
        Fan.map(
                files,
                concurrency,
                "copy-tree",
                p -> {
                    copy(p, target.resolve(source.relativize(p).toString()));
                    return p;
                });
        return files.size();
    }

    // ---------------------------------------------------------------- tail and watch

    /**
     * Follows a UTF-8 text file like {@code tail -f}, from its start, handing each complete line to
     * {@code lines} on the calling thread; survives rotation (the file replaced or truncated).
     * Built on the Commons IO {@code Tailer}, polling every {@code pollInterval}. Blocks until the
     * calling thread is interrupted (its task cancelled, its scope ended), then stops and throws
     * {@link CancelledException}; run it in a task of its own. A blocking {@code lines} (such as a
     * bounded channel's {@code send}) slows the reading down.
     *
     * @param file the file to follow; waited for if it does not exist yet
     * @param pollInterval how long to sleep when no new line is there, positive
     * @param lines receives each line, without terminator; an exception it throws stops the tail
     *     and is rethrown
     * @throws IllegalArgumentException if {@code pollInterval} is not positive
     * @throws java.nio.file.FileSystemException if {@code file} is not a regular file
     * @throws CancelledException when the calling thread is interrupted: the normal way to stop
     * @throws IOException if reading fails
     */
    public static void tail(Path file, Duration pollInterval, Consumer<? super String> lines)
            throws IOException {
        tail(file, StandardCharsets.UTF_8, pollInterval, false, lines);
    }

    /**
     * Follows a text file like {@code tail -f}, as {@link #tail(Path, Duration, Consumer)}, with a
     * charset and a choice of where to start.
     *
     * @param file the file to follow; waited for if it does not exist yet
     * @param charset its encoding
     * @param pollInterval how long to sleep when no new line is there, positive
     * @param fromEnd {@code true} to skip the content already there, as {@code tail -f -n 0}
     * @param lines receives each line; an exception it throws stops the tail and is rethrown
     * @throws IllegalArgumentException if {@code pollInterval} is not positive
     * @throws CancelledException when the calling thread is interrupted: the normal way to stop
     * @throws IOException if reading fails
     */
    public static void tail(
            Path file,
            Charset charset,
            Duration pollInterval,
            boolean fromEnd,
            Consumer<? super String> lines)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(charset, "charset");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(lines, "lines");
        Follow.tail(
                file,
                charset,
                DurationRules.requirePositive(pollInterval, "pollInterval"),
                fromEnd,
                lines);
    }

    /**
     * Watches a directory tree by polling (Commons IO {@code FileAlterationObserver}: portable,
     * sees changes on network file systems, no event overflow), handing each creation, change and
     * deletion below {@code dir} to {@code events} on the calling thread. Changes present before
     * the call are not reported. Blocks until the calling thread is interrupted (its task
     * cancelled, its scope ended), then stops and throws {@link CancelledException}.
     *
     * @param dir the directory to watch
     * @param pollInterval time between two scans, positive
     * @param events receives each change; an exception it throws stops the watch and is rethrown
     * @throws IllegalArgumentException if {@code pollInterval} is not positive
     * @throws java.nio.file.NoSuchFileException if {@code dir} does not exist
     * @throws java.nio.file.NotDirectoryException if {@code dir} is not a directory
     * @throws CancelledException when the calling thread is interrupted: the normal way to stop
     * @throws IOException if the directory cannot be scanned
     */
    public static void watch(Path dir, Duration pollInterval, Consumer<? super FileEvent> events)
            throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(events, "events");
        Follow.watch(
                dir,
                DurationRules.requirePositive(pollInterval, "pollInterval"),
                () -> false,
                events);
    }

    /**
     * Follows a UTF-8 text file like {@link #tail(Path, Duration, Consumer)}, sending each line
     * into {@code lines}: asyncio's producer task feeding a queue. The tail is the channel's sender
     * and owns its end: it waits while the channel is full (back-pressure, no unbounded buffering),
     * and when it stops it closes the channel, so receivers iterating it end normally; if reading
     * fails it {@linkplain Channel#fail(Throwable) fails} the channel with the error. Run it as a
     * task of the scope that should bound it:
     *
     * <pre>{@code
     * Channel<String> lines = Channel.bounded(256);
     * try (Scope scope = Scope.open()) {
     *     scope.fork("tail", () -> WeftFiles.tail(log, Duration.ofMillis(200), lines));
     *     for (String line : lines) {
     *         if (line.contains("READY")) break;
     *     }
     *     scope.cancel("READY seen");   // stops the tail, which closes the channel
     * }
     * }</pre>
     *
     * <p>Blocks until the calling thread is interrupted (its task cancelled, its scope ended): it
     * then closes the channel and throws {@link CancelledException}. If the receivers close the
     * channel, the tail notices at its next line and returns normally.
     *
     * @param file the file to follow; waited for if it does not exist yet
     * @param pollInterval how long to sleep when no new line is there, positive
     * @param lines the channel to send each line into; closed or failed when the tail stops
     * @throws IllegalArgumentException if {@code pollInterval} is not positive
     * @throws java.nio.file.FileSystemException if {@code file} is a directory or not a regular
     *     file
     * @throws CancelledException when the calling thread is interrupted: the normal way to stop
     * @throws IOException if reading fails (the channel is failed with it too)
     */
    public static void tail(Path file, Duration pollInterval, Channel<? super String> lines)
            throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(lines, "lines");
        DurationRules.requirePositive(pollInterval, "pollInterval");
        Follow.feeding(
                lines,
                () -> {
                    Follow.tail(
                            file,
                            StandardCharsets.UTF_8,
                            pollInterval,
                            false,
                            Follow.sendingTo(lines));
                    return null;
                });
    }

    /**
     * Watches a directory tree like {@link #watch(Path, Duration, Consumer)}, sending each change
     * into {@code events}, of which it is the sender: it waits while the channel is full, closes it
     * when it stops and fails it if scanning fails. Blocks until the calling thread is interrupted
     * (its task cancelled, its scope ended), then closes the channel and throws {@link
     * CancelledException}; if the receivers close the channel, the watch returns normally at its
     * next scan.
     *
     * @param dir the directory to watch
     * @param pollInterval time between two scans, positive
     * @param events the channel to send each change into; closed or failed when the watch stops
     * @throws IllegalArgumentException if {@code pollInterval} is not positive
     * @throws java.nio.file.NoSuchFileException if {@code dir} does not exist
     * @throws java.nio.file.NotDirectoryException if {@code dir} is not a directory
     * @throws CancelledException when the calling thread is interrupted: the normal way to stop
     * @throws IOException if the directory cannot be scanned (the channel is failed with it too)
     */
    public static void watch(Path dir, Duration pollInterval, Channel<? super FileEvent> events)
            throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(events, "events");
        DurationRules.requirePositive(pollInterval, "pollInterval");
        Follow.feeding(
                events,
                () -> {
                    Follow.watch(dir, pollInterval, events::isClosed, Follow.sendingTo(events));
                    return null;
                });
    }

    // ---------------------------------------------------------------- internals

    private static <T> T read(Path path, String what, Blocking.IoCall<T> op) throws IOException {
        return switch (Blocking.kindOf(path)) {
            case DIRECTORY -> throw Blocking.isDirectory(path);
            case OTHER -> Blocking.offload(what, op);
            case REGULAR, MISSING -> Blocking.direct(what, op);
        };
    }

    private static byte[] encode(CharSequence text, Charset charset) throws IOException {
        ByteBuffer b =
                charset.newEncoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .encode(CharBuffer.wrap(text));
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    private static int requireConcurrency(int concurrency) {
        return ArgumentRules.requirePositive(concurrency, "concurrency");
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("unknown digest algorithm \"" + algorithm + "\"", e);
        }
    }

    private static String digest(Path file, String algorithm) throws IOException {
        MessageDigest md = newDigest(algorithm);
        return Blocking.direct(
                "hashing " + file,
                () -> {
                    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                        ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
                        while (ch.read(buffer) >= 0) {
                            buffer.flip();
                            md.update(buffer);
                            buffer.clear();
                        }
                    }
                    return HexFormat.of().formatHex(md.digest());
                });
    }
}
