package org.pobsync.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A real btrfs file system for a test: a sparse image file (on /dev/shm when it exists, for
 * speed) formatted with mkfs.btrfs and loop-mounted on a directory inside the test's own
 * temporary directory, unmounted and deleted again by {@link #close}. Needs root and btrfs-progs.
 * Where either is missing, or loop mounts are impossible, the test is skipped with the reason;
 * under CI=true a mount that fails although btrfs-progs is installed fails the test instead.
 */
public final class BtrfsMount implements AutoCloseable {

    private final Path mountPoint;
    private final Path image;

    private BtrfsMount(Path mountPoint, Path image) {
        this.mountPoint = mountPoint;
        this.image = image;
    }

    /** A btrfs mounted with {@code user_subvol_rm_allowed} (what the non-root worker needs). */
    public static BtrfsMount at(Path mountPoint) {
        return at(mountPoint, "user_subvol_rm_allowed");
    }

    /** @param options extra mount options, comma-separated ("" for none) */
    public static BtrfsMount at(Path mountPoint, String options) {
        Path mkfs = findMkfs();
        Path shm = Path.of("/dev/shm");
        Path image = (Files.isDirectory(shm) ? shm : mountPoint.toAbsolutePath().getParent())
                .resolve("pobsync-test-btrfs-" + UUID.randomUUID() + ".img");
        try {
            Files.createDirectories(mountPoint);
            Commands.Result made = Commands.run(null, java.util.List.of("truncate", "-s", "512M", image.toString()));
            if (made.exitCode() == 0) {
                made = Commands.run(null, java.util.List.of(mkfs.toString(), "-q", image.toString()));
            }
            Commands.Result mounted = made.exitCode() != 0 ? made : Commands.run(null, java.util.List.of("mount", "-o",
                    "loop" + (options.isEmpty() ? "" : "," + options), image.toString(), mountPoint.toString()));
            if (mounted.exitCode() != 0) {
                Files.deleteIfExists(image);
                String why = "cannot make or mount a btrfs loop file here (" + mounted.output().strip() + ")";
                if (TestEnvironment.inCi()) {
                    throw new IllegalStateException(why + "; btrfs-progs is installed, so CI must be able to");
                }
                Assumptions.abort(why);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new BtrfsMount(mountPoint, image);
    }

    /** mkfs.btrfs, or a skip (also in CI: scripts/test installs btrfs-progs, so CI has it). */
    private static Path findMkfs() {
        for (String candidate : new String[] {"/usr/sbin/mkfs.btrfs", "/sbin/mkfs.btrfs", "/usr/bin/mkfs.btrfs"}) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        Assumptions.abort("btrfs-progs is not installed (apt-get install btrfs-progs; scripts/test does so as root)");
        return null;
    }

    public Path path() {
        return mountPoint;
    }

    @Override
    public void close() {
        for (int attempt = 0; attempt < 20; attempt++) {
            if (Commands.run("umount", mountPoint.toString()).exitCode() == 0) {
                break;
            }
            if (attempt == 19) {
                Commands.run("umount", "-l", mountPoint.toString());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            Files.deleteIfExists(image);
        } catch (IOException e) {
            throw new IllegalStateException("cannot delete " + image, e);
        }
    }
}
