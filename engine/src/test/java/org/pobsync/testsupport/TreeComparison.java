package org.pobsync.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares two file trees the way a restore would be judged: same entries, and for each the
 * same type, size, permissions, numeric owner, mtime, symlink target and content (SHA-256),
 * plus the same hard-link structure (which names share an inode within the tree).
 */
public final class TreeComparison {

    /** What is compared for one entry (inode and link count only feed the hard-link check). */
    public record Entry(String type, long size, String mode, long mtimeSeconds, int uid, int gid,
                        String linkTarget, String sha256, Object inode) {
        String describe() {
            return type + " size=" + size + " mode=" + mode + " mtime=" + mtimeSeconds + " owner=" + uid + ":" + gid
                    + (linkTarget == null ? "" : " -> " + linkTarget) + (sha256 == null ? "" : " sha256=" + sha256.substring(0, 12));
        }
    }

    private TreeComparison() {
    }

    /** Every entry below {@code root} (and root itself as ""), by relative path; links are not followed. */
    public static Map<String, Entry> scan(Path root) {
        Map<String, Entry> entries = new TreeMap<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    entries.put(relative(root, dir), entry(dir));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    entries.put(relative(root, file), entry(file));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    /** Human-readable differences; empty when the trees match. */
    public static List<String> differences(Path expected, Path actual) {
        Map<String, Entry> want = scan(expected);
        Map<String, Entry> got = scan(actual);
        List<String> diffs = new ArrayList<>();
        Set<String> all = new TreeSet<>(want.keySet());
        all.addAll(got.keySet());
        for (String path : all) {
            Entry w = want.get(path);
            Entry g = got.get(path);
            if (w == null) {
                diffs.add("unexpected " + show(path) + ": " + g.describe());
            } else if (g == null) {
                diffs.add("missing " + show(path) + ": " + w.describe());
            } else if (!w.describe().equals(g.describe()) || !Objects.equals(w.sha256(), g.sha256())) {
                diffs.add("differs " + show(path) + ": expected " + w.describe() + ", got " + g.describe());
            }
        }
        Set<Set<String>> wantLinks = hardLinkGroups(want);
        Set<Set<String>> gotLinks = hardLinkGroups(got);
        if (!wantLinks.equals(gotLinks)) {
            diffs.add("hard links differ: expected " + wantLinks + ", got " + gotLinks);
        }
        return diffs;
    }

    public static void assertSameTree(Path expected, Path actual) {
        List<String> diffs = differences(expected, actual);
        if (!diffs.isEmpty()) {
            throw new AssertionError("trees differ (" + expected + " vs " + actual + "):\n  " + String.join("\n  ", diffs));
        }
    }

    /** Groups of two or more regular files that share an inode within the tree. */
    public static Set<Set<String>> hardLinkGroups(Map<String, Entry> entries) {
        Map<Object, Set<String>> byInode = new java.util.HashMap<>();
        entries.forEach((path, e) -> {
            if (e.type().equals("file")) {
                byInode.computeIfAbsent(e.inode(), k -> new TreeSet<>()).add(path);
            }
        });
        Set<Set<String>> groups = new java.util.HashSet<>();
        for (Set<String> group : byInode.values()) {
            if (group.size() > 1) {
                groups.add(group);
            }
        }
        return groups;
    }

    /** The inode key of a file (not following links), for "is this the same file" checks. */
    public static Object inode(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Entry entry(Path p) throws IOException {
        Map<String, Object> unix = Files.readAttributes(p, "unix:mode,uid,gid,size,lastModifiedTime,fileKey",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) unix.get("mode");
        String type = Files.isSymbolicLink(p) ? "symlink"
                : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir"
                : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? "file" : "other";
        String perms = type.equals("symlink") ? "-" : PosixFilePermissions.toString(
                Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) + String.format("/%04o", mode & 07777);
        long size = type.equals("dir") ? 0 : (Long) unix.get("size");
        long mtime = ((java.nio.file.attribute.FileTime) unix.get("lastModifiedTime")).toInstant().getEpochSecond();
        String target = type.equals("symlink") ? Files.readSymbolicLink(p).toString() : null;
        String hash = type.equals("file") ? sha256(p) : null;
        return new Entry(type, size, perms, mtime, (Integer) unix.get("uid"), (Integer) unix.get("gid"), target, hash,
                unix.get("fileKey"));
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String relative(Path root, Path p) {
        return root.relativize(p).toString();
    }

    private static String show(String path) {
        return "'" + path.replace("\n", "\\n") + "'";
    }
}
