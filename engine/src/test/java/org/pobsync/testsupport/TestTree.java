package org.pobsync.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A declarative file tree for backup tests: say what the tree holds, then {@link #create} it.
 * Every entry gets an explicit mode and mtime (a distinct whole second per entry unless given),
 * so a comparison after a backup is exact and a changed file never hides behind an equal mtime.
 *
 * <pre>
 * TestTree.tree()
 *     .dir("etc", 0755)
 *     .file("etc/hosts", "127.0.0.1 localhost\n")
 *     .symlink("etc/link", "hosts")
 *     .hardlink("etc/hosts.bak", "etc/hosts")
 *     .create(source);
 * </pre>
 */
public final class TestTree {

    /** The mtime of the first entry; later entries are a minute apart. */
    public static final Instant BASE_TIME = Instant.parse("2024-03-01T10:00:00Z");

    private sealed interface Node permits Dir, File, Symlink, Hardlink {
        String path();
    }

    private record Dir(String path, int mode, Instant mtime) implements Node { }

    private record File(String path, Content content, int mode, Instant mtime, Integer uid, Integer gid) implements Node { }

    private record Symlink(String path, String target, Instant mtime) implements Node { }

    private record Hardlink(String path, String existing) implements Node { }

    /** File content: literal bytes, or a seeded pseudo-random stream (for large files). */
    private record Content(byte[] bytes, long size, long seed) {
        void writeTo(Path file) throws IOException {
            if (bytes != null) {
                Files.write(file, bytes);
                return;
            }
            Random random = new Random(seed);
            byte[] chunk = new byte[1 << 16];
            try (OutputStream out = Files.newOutputStream(file)) {
                for (long left = size; left > 0; left -= chunk.length) {
                    random.nextBytes(chunk);
                    out.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
            }
        }
    }

    private final List<Node> nodes = new ArrayList<>();

    private TestTree() {
    }

    public static TestTree tree() {
        return new TestTree();
    }

    public TestTree dir(String path, int mode) {
        nodes.add(new Dir(path, mode, nextTime()));
        return this;
    }

    public TestTree file(String path, String content) {
        return file(path, content, 0644);
    }

    public TestTree file(String path, String content, int mode) {
        return file(path, content.getBytes(StandardCharsets.UTF_8), mode);
    }

    public TestTree file(String path, byte[] content, int mode) {
        nodes.add(new File(path, new Content(content.clone(), content.length, 0), mode, nextTime(), null, null));
        return this;
    }

    public TestTree emptyFile(String path) {
        return file(path, new byte[0], 0644);
    }

    /** A file of real (non-sparse) pseudo-random bytes. */
    public TestTree largeFile(String path, long size, long seed) {
        nodes.add(new File(path, new Content(null, size, seed), 0644, nextTime(), null, null));
        return this;
    }

    /** A file with a given numeric owner (applied only when the tests run as root). */
    public TestTree ownedFile(String path, String content, int uid, int gid) {
        nodes.add(new File(path, new Content(content.getBytes(StandardCharsets.UTF_8), 0, 0), 0640, nextTime(), uid, gid));
        return this;
    }

    public TestTree symlink(String path, String target) {
        nodes.add(new Symlink(path, target, nextTime()));
        return this;
    }

    /** A second name for an existing file of this tree. */
    public TestTree hardlink(String path, String existing) {
        nodes.add(new Hardlink(path, existing));
        return this;
    }

    private Instant nextTime() {
        return BASE_TIME.plusSeconds(60L * nodes.size());
    }

    /**
     * Creates the tree under {@code root} (created if missing). Parent directories not declared
     * get mode 0755. Directory modes and mtimes are applied last, deepest first, because adding
     * entries changes a directory's mtime.
     */
    public Path create(Path root) {
        try {
            Files.createDirectories(root);
            List<Dir> dirs = new ArrayList<>();
            for (Node node : nodes) {
                Path p = root.resolve(node.path());
                Files.createDirectories(p.getParent());
                if (node instanceof Dir) {
                    Files.createDirectories(p);
                    dirs.add((Dir) node);
                } else if (node instanceof File) {
                    File f = (File) node;
                    f.content().writeTo(p);
                    Files.setPosixFilePermissions(p, permissions(f.mode()));
                    if (f.uid() != null && TestEnvironment.isRoot()) {
                        Files.setAttribute(p, "unix:uid", f.uid());
                        Files.setAttribute(p, "unix:gid", f.gid());
                    }
                    Files.setLastModifiedTime(p, FileTime.from(f.mtime()));
                } else if (node instanceof Symlink) {
                    Symlink s = (Symlink) node;
                    Files.createSymbolicLink(p, Path.of(s.target()));
                    setSymlinkTime(p, s.mtime());
                } else {
                    Hardlink h = (Hardlink) node;
                    Files.createLink(p, root.resolve(h.existing()));
                }
            }
            dirs.sort((a, b) -> Integer.compare(depth(b.path()), depth(a.path())));
            for (Dir d : dirs) {
                Path p = root.resolve(d.path());
                Files.setPosixFilePermissions(p, permissions(d.mode()));
                Files.setLastModifiedTime(p, FileTime.from(d.mtime()));
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void setSymlinkTime(Path link, Instant time) throws IOException {
        Files.getFileAttributeView(link, java.nio.file.attribute.BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                .setTimes(FileTime.from(time), null, null);
    }

    private static int depth(String path) {
        return path.split("/").length;
    }

    /** Sets a file's content and mtime, keeping its mode: a "changed file" for a second backup. */
    public static void rewrite(Path file, String content, Instant mtime) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            Files.writeString(file, content);
            Files.setPosixFilePermissions(file, mode);
            Files.setLastModifiedTime(file, FileTime.from(mtime));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }
}
