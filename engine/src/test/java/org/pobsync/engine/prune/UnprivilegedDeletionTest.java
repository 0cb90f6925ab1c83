package org.pobsync.engine.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.DiskFixtures.dir;
import static org.pobsync.testsupport.DiskFixtures.file;
import static org.pobsync.testsupport.DiskFixtures.mode;
import static org.pobsync.testsupport.DiskFixtures.symlink;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.TestEnvironment;

/**
 * Root ignores permission bits, so read-only directories only get in the way of a deleter that
 * does not run as root. This test runs the deleter as such a user: in a child JVM as nobody
 * when the tests run as root (as they do in CI), in-process otherwise.
 */
class UnprivilegedDeletionTest {

    private static final String NOBODY = "nobody";

    @TempDir
    Path base;

    @Test
    void anUnprivilegedOwnerDeletesReadOnlyAndUnreadableDirectories() throws Exception {
        mode(base, "rwxr-xr-x");
        Path root = dir(base.resolve("backups"));
        Path outside = file(base.resolve("outside/keep-me"), 64);
        Path snapshot = root.resolve("web1/20261120T021500Z");
        file(snapshot.resolve("data/etc/hosts"), 120);
        file(snapshot.resolve("data/etc/ssh/ssh_host_key"), 400);
        file(snapshot.resolve("data/srv/locked/f"), 10);
        file(snapshot.resolve("data/srv/blind/f"), 10);
        dir(snapshot.resolve("data/srv/sealed"));
        symlink(snapshot.resolve("data/etc/outside"), outside);
        if (TestEnvironment.isRoot()) {
            chownTree(root, NOBODY);
        }
        mode(snapshot.resolve("data/etc/ssh/ssh_host_key"), "r--------");
        mode(snapshot.resolve("data/etc/ssh"), "r-xr-xr-x");
        mode(snapshot.resolve("data/srv/locked"), "r--------");
        mode(snapshot.resolve("data/srv/blind"), "-wx------");
        mode(snapshot.resolve("data/srv/sealed"), "---------");
        mode(snapshot.resolve("data/etc"), "r-xr-xr-x");
        mode(snapshot.resolve("data"), "r-x------");
        mode(snapshot, "r-xr-xr-x");

        String output = TestEnvironment.isRoot() ? deleteAsNobody(root, snapshot, base) : deleteInProcess(root, snapshot);

        assertThat(output).startsWith("files=5 directories=8");
        assertThat(snapshot).doesNotExist();
        assertThat(outside).hasSize(64);
    }

    private static String deleteInProcess(Path root, Path snapshot) throws IOException {
        DeletionResult result = new SnapshotDeleter(root).delete(snapshot);
        return "files=" + result.files() + " directories=" + result.directories();
    }

    private static String deleteAsNobody(Path root, Path snapshot, Path base) throws Exception {
        Path setpriv = TestEnvironment.requireBinary("setpriv");
        // The local Maven repository is root's (0700): give nobody a copy of JNA it can read.
        Path jna = Files.copy(Path.of(codeLocation(com.sun.jna.Native.class)), base.resolve("jna.jar"));
        List<String> command = new ArrayList<>(List.of(setpriv.toString(), "--reuid=" + NOBODY,
                "--regid=nogroup", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", codeLocation(SnapshotDeleter.class) + File.pathSeparator + codeLocation(DeleteSnapshotMain.class)
                        + File.pathSeparator + jna,
                DeleteSnapshotMain.class.getName(), root.toString(), snapshot.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return output;
    }

    private static String codeLocation(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static void chownTree(Path top, String user) throws IOException {
        UserPrincipalLookupService users = top.getFileSystem().getUserPrincipalLookupService();
        var owner = users.lookupPrincipalByName(user);
        var group = users.lookupPrincipalByGroupName("nogroup");
        try (Stream<Path> walk = Files.walk(top)) {
            for (Path p : walk.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS);
                view.setOwner(owner);
                view.setGroup(group);
            }
        }
    }
}
