package org.pobsync.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.pobsync.testsupport.TestEnvironment;

/**
 * A small tmpfs mounted inside a test tree, to show that discovery and deletion stop at a mount
 * point. Needs root and permission to mount; the test is skipped where that is missing.
 */
public final class TmpfsMount implements AutoCloseable {

    private final Path mountPoint;

    private TmpfsMount(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    public static TmpfsMount at(Path mountPoint) throws IOException, InterruptedException {
        Assumptions.assumeTrue(TestEnvironment.isRoot(), "mounting needs root");
        Files.createDirectories(mountPoint);
        int exit = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.toString());
        Assumptions.assumeTrue(exit == 0, "cannot mount tmpfs here");
        return new TmpfsMount(mountPoint);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (run("umount", mountPoint.toString()) != 0) {
            throw new IOException("could not unmount " + mountPoint);
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
