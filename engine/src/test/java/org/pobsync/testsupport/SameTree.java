package org.pobsync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Tree equality as rsync judges it ({@code rsync -aHnci --numeric-ids --delete}): names as bytes,
 * content by checksum, modes, numeric owners (as root), mtimes, symlink targets, devices and
 * FIFOs, and which names share an inode. The two top directories themselves are not compared.
 */
public final class SameTree {

    private SameTree() {
    }

    /** The itemized differences; empty when the trees are the same. */
    public static List<String> differences(Path expected, Path actual, String... extraOptions) {
        Path rsync = TestEnvironment.requireBinary("rsync");
        List<String> argv = new java.util.ArrayList<>(List.of(rsync.toString(), "-aHnci", "--numeric-ids",
                "--delete", "--out-format=%i %n"));
        argv.addAll(Arrays.asList(extraOptions));
        argv.add(expected + "/");
        argv.add(actual + "/");
        Commands.Result r = Commands.run(null, argv);
        assertThat(r.exitCode()).as(r.output()).isZero();
        return r.output().lines().filter(l -> !l.isBlank() && !l.endsWith(" ./")).toList();
    }

    public static void assertSame(Path expected, Path actual, String... extraOptions) {
        assertThat(differences(expected, actual, extraOptions)).as("rsync -aHnci " + expected + " " + actual).isEmpty();
    }
}
