package org.pobsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Hand-made snapshot trees for discovery and prune tests: files of exact sizes, hard links,
 * symlinks, modes. Each method creates missing parent directories and returns the path it made.
 */
public final class DiskFixtures {

    private DiskFixtures() {
    }

    public static Path file(Path path, int bytes) {
        byte[] content = new byte[bytes];
        Arrays.fill(content, (byte) 'x');
        return write(path, content);
    }

    public static Path file(Path path, String content) {
        return write(path, content.getBytes(StandardCharsets.UTF_8));
    }

    public static Path hardLink(Path link, Path existing) {
        try {
            Files.createDirectories(link.getParent());
            return Files.createLink(link, existing);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path symlink(Path link, Path target) {
        try {
            Files.createDirectories(link.getParent());
            return Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path dir(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets a mode like {@code "r-xr-xr-x"}, as rsync -a reproduces it from the source. */
    public static Path mode(Path path, String permissions) {
        try {
            return Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every entry under {@code root} (not following symlinks) with its type, size, mode, mtime,
     * inode and link count, to show that an operation left the disk exactly as it was.
     */
    public static Map<String, String> state(Path root) {
        Map<String, String> state = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> {
                try {
                    Map<String, Object> a = Files.readAttributes(p,
                            "unix:mode,size,lastModifiedTime,ino,nlink", LinkOption.NOFOLLOW_LINKS);
                    String link = Files.isSymbolicLink(p) ? " -> " + Files.readSymbolicLink(p) : "";
                    state.put(root.relativize(p).toString(), Integer.toOctalString((Integer) a.get("mode"))
                            + " " + a.get("size") + " " + a.get("lastModifiedTime") + " ino=" + a.get("ino")
                            + " links=" + a.get("nlink") + link);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return state;
    }

    private static Path write(Path path, byte[] content) {
        try {
            Files.createDirectories(path.getParent());
            return Files.write(path, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
