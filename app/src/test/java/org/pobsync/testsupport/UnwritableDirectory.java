package org.pobsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A directory that really cannot be written to, also for root (tests here run as root, and
 * root ignores permission bits): a read-only tmpfs mounted on it, or else the immutable flag
 * ({@code chattr +i}); for other users, mode 0555 is already the truth. {@link #how()} says
 * which one was used, {@link #close} undoes it.
 */
public final class UnwritableDirectory implements AutoCloseable {

    private final Path dir;
    private final String how;

    private UnwritableDirectory(Path dir, String how) {
        this.dir = dir;
        this.how = how;
    }

    /** Creates {@code dir} (if needed) and makes it unwritable. */
    public static UnwritableDirectory at(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (TestEnvironment.isRoot()) {
            if (run("mount", "-t", "tmpfs", "-o", "ro,size=1m,mode=0755", "pobsync-test-ro", dir.toString())) {
                return new UnwritableDirectory(dir, "read-only tmpfs");
            }
            if (run("chattr", "+i", dir.toString())) {
                return new UnwritableDirectory(dir, "chattr +i");
            }
            throw new IllegalStateException("as root, neither a read-only mount nor chattr +i worked on " + dir
                    + ": this machine cannot make an unwritable directory for the test");
        }
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new UnwritableDirectory(dir, "mode 0555");
    }

    public Path path() {
        return dir;
    }

    public String how() {
        return how;
    }

    @Override
    public void close() {
        switch (how) {
            case "read-only tmpfs" -> run("umount", dir.toString());
            case "chattr +i" -> run("chattr", "-i", dir.toString());
            default -> {
                try {
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
                } catch (IOException ignored) {
                    // the temporary directory is removed anyway
                }
            }
        }
    }

    private static boolean run(String... argv) {
        try {
            Process p = new ProcessBuilder(List.of(argv)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
