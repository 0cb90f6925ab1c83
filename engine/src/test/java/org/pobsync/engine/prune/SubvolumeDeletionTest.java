package org.pobsync.engine.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.DiskFixtures.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.btrfs.Btrfs;
import org.pobsync.testsupport.AsUser;
import org.pobsync.testsupport.BtrfsMount;
import org.pobsync.testsupport.Commands;

/**
 * Pruning a snapshot of the btrfs store deletes its subvolume, read-only or not, also as the
 * unprivileged worker; a plain snapshot on the same file system is still removed as a tree.
 */
class SubvolumeDeletionTest {

    @TempDir
    Path tmp;

    private final Btrfs btrfs = new Btrfs();

    @Test
    void aReadOnlySnapshotIsDeletedAsASubvolumeAndAPlainOneAsATree() throws IOException {
        try (BtrfsMount mount = BtrfsMount.at(tmp.resolve("btrfs"))) {
            Path root = mount.path().resolve("backups");
            Path subvolume = readOnlySnapshot(root.resolve("web1/20261120T021500Z"), "root:root");
            Path plain = file(root.resolve("web1/20261121T021500Z/data/etc/hosts"), 100).getParent().getParent().getParent();

            DeletionResult deleted = new SnapshotDeleter(root).delete(subvolume);
            DeletionResult removed = new SnapshotDeleter(root).delete(plain);

            assertThat(deleted.existed()).isTrue();
            assertThat(subvolume).doesNotExist();
            assertThat(removed.files()).isEqualTo(1);
            assertThat(plain).doesNotExist();
            assertThat(new SnapshotDeleter(root).delete(subvolume).existed()).isFalse();
        }
    }

    @Test
    void theUnprivilegedWorkerDeletesReadOnlySnapshotsWhereTheMountOptionAllowsIt() throws IOException {
        try (BtrfsMount mount = BtrfsMount.at(tmp.resolve("allowed"))) {
            Path root = mount.path().resolve("backups");
            Path snapshot = readOnlySnapshot(root.resolve("web1/20261120T021500Z"), "nobody:nogroup");

            Commands.Result r = AsUser.java(tmp, AsUser.WORKER_CAPABILITIES, DeleteSnapshotMain.class,
                    root.toString(), snapshot.toString());

            assertThat(r.exitCode()).as(r.output()).isZero();
            assertThat(snapshot).doesNotExist();
        }
        try (BtrfsMount mount = BtrfsMount.at(tmp.resolve("plain"), "")) {
            Path root = mount.path().resolve("backups");
            Path snapshot = readOnlySnapshot(root.resolve("web1/20261120T021500Z"), "nobody:nogroup");

            Commands.Result r = AsUser.java(tmp, AsUser.WORKER_CAPABILITIES, DeleteSnapshotMain.class,
                    root.toString(), snapshot.toString());

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.output()).contains("Operation not permitted (without CAP_SYS_ADMIN, deleting a subvolume"
                    + " needs the mount option user_subvol_rm_allowed)");
            assertThat(snapshot).exists();
        }
    }

    /** A snapshot of the btrfs store, its backup root and everything in it owned by {@code owner}. */
    private Path readOnlySnapshot(Path dir, String owner) throws IOException {
        Files.createDirectories(dir.getParent());
        btrfs.createSubvolume(dir);
        file(dir.resolve("data/etc/hosts"), 120);
        file(dir.resolve("snapshot.json"), "{}\n");
        Commands.ok("chown", "-R", owner, dir.getParent().getParent().toString());
        btrfs.setReadOnly(dir, true);
        return dir;
    }
}
