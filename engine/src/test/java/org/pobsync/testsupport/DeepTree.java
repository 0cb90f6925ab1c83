package org.pobsync.testsupport;

import java.nio.file.Path;
import java.util.List;

/**
 * Trees no absolute path can reach: directories nested deeper than PATH_MAX (4096 bytes), made
 * the only way that works, by changing into each new directory with a relative {@code cd}
 * (what a host with such a tree does, and what rsync then recreates in every snapshot).
 */
public final class DeepTree {

    /** A directory name of 250 bytes: 17 levels of it make a path longer than 4096 bytes. */
    public static final String NAME = "d".repeat(250);

    private DeepTree() {
    }

    /**
     * Creates {@code levels} directories named {@link #NAME}, one inside the other, under
     * {@code parent}, with a file {@code leaf.txt} holding {@code content} at the bottom.
     */
    public static void create(Path parent, int levels, String content) {
        String script = "for i in $(seq 1 \"$1\"); do mkdir \"$2\" && cd -P \"$2\" || exit 1; done;"
                + " printf %s \"$3\" > leaf.txt";
        Commands.Result r = Commands.run(parent, List.of("bash", "-c", script, "deep-tree",
                Integer.toString(levels), NAME, content));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("cannot create the deep tree: " + r.output());
        }
    }

    /**
     * Removes everything in {@code dir} with {@code rm -rf} (which walks by handle): JUnit's
     * {@code @TempDir} cleanup builds absolute paths and fails on a deep tree.
     */
    public static void removeContents(Path dir) {
        bash(dir, "rm -rf -- * .[!.]* 2>/dev/null; true");
    }

    /** Runs a bash script in {@code dir}; fails the test unless it exits 0. For names only bash can write. */
    public static String bash(Path dir, String script) {
        Commands.Result r = Commands.run(dir, List.of("bash", "-c", script));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("bash -c '" + script + "' exited " + r.exitCode() + ": " + r.output());
        }
        return r.output();
    }
}
