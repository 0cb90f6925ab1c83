package org.pobsync.engine.btrfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The options of the mount that holds a path, from {@code /proc/self/mountinfo}: the mount
 * whose mount point is the longest prefix of the path (the last one listed, when several are
 * stacked on one point), its per-mount and its file system's options together.
 */
public final class MountOptions {

    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountOptions() {
    }

    /** The options, empty when they cannot be read. */
    public static Set<String> of(Path path) {
        try {
            return of(path.toRealPath(), Files.readAllLines(MOUNTINFO));
        } catch (IOException e) {
            return Set.of();
        }
    }

    /** As {@link #of(Path)}, from the given mountinfo lines (for tests). */
    static Set<String> of(Path realPath, List<String> mountinfo) {
        String best = null;
        Set<String> options = Set.of();
        for (String line : mountinfo) {
            // 36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 6 || dash < 6 || f.length < dash + 4) {
                continue;
            }
            String mountPoint = unescape(f[4]);
            if (!contains(mountPoint, realPath.toString())
                    || (best != null && mountPoint.length() < best.length())) {
                continue;
            }
            best = mountPoint;
            Set<String> o = new HashSet<>(List.of(f[5].split(",")));
            o.addAll(List.of(f[dash + 3].split(",")));
            options = o;
        }
        return options;
    }

    private static boolean contains(String mountPoint, String path) {
        return path.equals(mountPoint) || mountPoint.equals("/")
                || path.startsWith(mountPoint.endsWith("/") ? mountPoint : mountPoint + "/");
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes. */
    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
