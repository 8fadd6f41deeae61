package dev.weft.io;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The default file system seen through a hook: {@link #wrap(Path)} turns a real path into one of
 * this file system, whose every operation is the real one, except that {@link #onDelete} runs
 * before each delete. A test drives a public file helper with such a path and acts at an exact
 * point of its work — the third entry of a recursive delete, say — instead of racing it.
 *
 * <p>Paths are dynamic proxies over the real ones; everything a test needs for deleting, walking,
 * reading and writing works, watch services do not. Thread-safe if the hook is.
 */
public final class HookedFileSystem extends FileSystem {
    private final FileSystem real = FileSystems.getDefault();
    private final Provider provider = new Provider();
    private volatile Consumer<Path> beforeDelete = p -> {};

    /**
     * Runs {@code hook} with the real path before each delete; an exception it throws fails the
     * delete.
     *
     * @param hook the hook
     * @return this file system
     */
    public HookedFileSystem onDelete(Consumer<Path> hook) {
        this.beforeDelete = hook;
        return this;
    }

    /**
     * Returns {@code path} as a path of this file system.
     *
     * @param path a path of the default file system
     * @return the same path, hooked
     */
    public Path wrap(Path path) {
        if (Proxy.isProxyClass(path.getClass())) {
            return path;
        }
        return (Path)
                Proxy.newProxyInstance(
                        Path.class.getClassLoader(),
                        new Class<?>[] {Path.class},
                        new PathHandler(path));
    }

    private static Path unwrap(Object path) {
        if (path instanceof Path p
                && Proxy.isProxyClass(p.getClass())
                && Proxy.getInvocationHandler(p) instanceof PathHandler h) {
            return h.real;
        }
        return (Path) path;
    }

    private final class PathHandler implements InvocationHandler {
        final Path real;

        PathHandler(Path real) {
            this.real = real;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "getFileSystem":
                    return HookedFileSystem.this;
                case "equals":
                    return args[0] instanceof Path other && real.equals(unwrap(other));
                case "hashCode":
                    return real.hashCode();
                case "toString":
                    return real.toString();
                case "iterator":
                    {
                        List<Path> names = new ArrayList<>();
                        real.iterator().forEachRemaining(p -> names.add(wrap(p)));
                        return names.iterator();
                    }
                default:
                    break;
            }
            Object[] realArgs = args == null ? null : args.clone();
            if (realArgs != null) {
                for (int i = 0; i < realArgs.length; i++) {
                    if (realArgs[i] instanceof Path) {
                        realArgs[i] = unwrap(realArgs[i]);
                    }
                }
            }
            Object result;
            try {
                result = method.invoke(real, realArgs);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return result instanceof Path p ? wrap(p) : result;
        }
    }

    private final class Provider extends FileSystemProvider {
        private FileSystemProvider real() {
            return HookedFileSystem.this.real.provider();
        }

        @Override
        public String getScheme() {
            return "hooked";
        }

        @Override
        public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileSystem getFileSystem(URI uri) {
            return HookedFileSystem.this;
        }

        @Override
        public Path getPath(URI uri) {
            return wrap(real().getPath(uri));
        }

        @Override
        public SeekableByteChannel newByteChannel(
                Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
                throws IOException {
            return real().newByteChannel(unwrap(path), options, attrs);
        }

        @Override
        public DirectoryStream<Path> newDirectoryStream(
                Path dir, DirectoryStream.Filter<? super Path> filter) throws IOException {
            DirectoryStream<Path> entries =
                    real().newDirectoryStream(unwrap(dir), p -> filter.accept(wrap(p)));
            return new DirectoryStream<>() {
                @Override
                public Iterator<Path> iterator() {
                    Iterator<Path> it = entries.iterator();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Path next() {
                            return wrap(it.next());
                        }
                    };
                }

                @Override
                public void close() throws IOException {
                    entries.close();
                }
            };
        }

        @Override
        public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
            real().createDirectory(unwrap(dir), attrs);
        }

        @Override
        public void delete(Path path) throws IOException {
            beforeDelete.accept(unwrap(path));
            real().delete(unwrap(path));
        }

        @Override
        public void copy(Path source, Path target, CopyOption... options) throws IOException {
            real().copy(unwrap(source), unwrap(target), options);
        }

        @Override
        public void move(Path source, Path target, CopyOption... options) throws IOException {
            real().move(unwrap(source), unwrap(target), options);
        }

        @Override
        public boolean isSameFile(Path path, Path path2) throws IOException {
            return real().isSameFile(unwrap(path), unwrap(path2));
        }

        @Override
        public boolean isHidden(Path path) throws IOException {
            return real().isHidden(unwrap(path));
        }

        @Override
        public FileStore getFileStore(Path path) throws IOException {
            return real().getFileStore(unwrap(path));
        }

        @Override
        public void checkAccess(Path path, AccessMode... modes) throws IOException {
            real().checkAccess(unwrap(path), modes);
        }

        @Override
        public <V extends FileAttributeView> V getFileAttributeView(
                Path path, Class<V> type, LinkOption... options) {
            return real().getFileAttributeView(unwrap(path), type, options);
        }

        @Override
        public <A extends BasicFileAttributes> A readAttributes(
                Path path, Class<A> type, LinkOption... options) throws IOException {
            return real().readAttributes(unwrap(path), type, options);
        }

        @Override
        public Map<String, Object> readAttributes(
                Path path, String attributes, LinkOption... options) throws IOException {
            return real().readAttributes(unwrap(path), attributes, options);
        }

        @Override
        public void setAttribute(Path path, String attribute, Object value, LinkOption... options)
                throws IOException {
            real().setAttribute(unwrap(path), attribute, value, options);
        }
    }

    @Override
    public FileSystemProvider provider() {
        return provider;
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("the default file system cannot be closed");
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public boolean isReadOnly() {
        return false;
    }

    @Override
    public String getSeparator() {
        return real.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        List<Path> roots = new ArrayList<>();
        real.getRootDirectories().forEach(p -> roots.add(wrap(p)));
        return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return real.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return real.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(real.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher m = real.getPathMatcher(syntaxAndPattern);
        return p -> m.matches(unwrap(p));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return real.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
        throw new UnsupportedOperationException("watching is not hooked");
    }
}
