package org.pobsync.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.StoreKind;
import org.pobsync.engine.StoreSetting;
import org.pobsync.engine.btrfs.Btrfs;
import org.pobsync.testsupport.AsUser;
import org.pobsync.testsupport.BtrfsMount;
import org.pobsync.testsupport.Commands;

/**
 * Which store a backup root gets: decided by trying, on real file systems, as root and as the
 * unprivileged worker (nobody with the worker unit's five capabilities).
 */
class StoreProbeTest {

    @TempDir
    Path tmp;

    private final StoreProbe probe = new StoreProbe(new Btrfs());

    @Test
    void autoIsHardlinkWhereTheRootIsNotOnBtrfs() throws Exception {
        StoreChoice c = probe.choose(tmp, StoreSetting.AUTO);
        assertThat(c.kind()).isEqualTo(StoreKind.HARDLINK);
        assertThat(c.reason()).startsWith("auto: " + tmp + " is on ").endsWith(", not btrfs");
        assertThat(c.btrfs().status()).isEqualTo(BtrfsSupport.Status.NOT_BTRFS);
    }

    @Test
    void forcedBtrfsWhereItCannotWorkIsNoStoreAndSaysWhy() {
        StoreChoice c = probe.choose(tmp, StoreSetting.BTRFS);
        assertThat(c.usable()).isFalse();
        assertThat(c.reason()).startsWith("snapshot_store is btrfs, but " + tmp + " is on ");
    }

    @Test
    void forcedHardlinkNeverProbes() {
        try (BtrfsMount btrfs = BtrfsMount.at(tmp.resolve("btrfs"))) {
            StoreChoice c = probe.choose(btrfs.path(), StoreSetting.HARDLINK);
            assertThat(c.kind()).isEqualTo(StoreKind.HARDLINK);
            assertThat(c.reason()).isEqualTo("snapshot_store is hardlink");
        }
    }

    @Test
    void autoIsBtrfsWhereSubvolumesCanBeMadeAndTheProbeLeavesNothing() throws Exception {
        try (BtrfsMount btrfs = BtrfsMount.at(tmp.resolve("btrfs"))) {
            StoreChoice c = probe.choose(btrfs.path(), StoreSetting.AUTO);
            assertThat(c.kind()).isEqualTo(StoreKind.BTRFS);
            assertThat(c.reason()).isEqualTo("auto: " + btrfs.path()
                    + " is on btrfs and subvolumes can be created, made read-only and deleted there");
            try (var entries = Files.list(btrfs.path())) {
                assertThat(entries).isEmpty();
            }
        }
    }

    @Test
    void theUnprivilegedWorkerNeedsUserSubvolRmAllowedAndNothingMore() {
        Path root;
        try (BtrfsMount without = BtrfsMount.at(tmp.resolve("plain"), "")) {
            root = ownedByNobody(without.path().resolve("backups"));
            Commands.Result r = AsUser.java(tmp, AsUser.WORKER_CAPABILITIES, StoreProbeMain.class, root.toString(), "AUTO");
            assertThat(r.output()).as(r.output()).contains("choice: hardlink (auto: deleting subvolumes needs the mount"
                    + " option user_subvol_rm_allowed on the file system of " + root);
            try (var entries = Files.list(root)) {
                assertThat(entries).as("no probe subvolume may be left behind").isEmpty();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try (BtrfsMount with = BtrfsMount.at(tmp.resolve("allowed"))) {
            root = ownedByNobody(with.path().resolve("backups"));
            Commands.Result r = AsUser.java(tmp, AsUser.WORKER_CAPABILITIES, StoreProbeMain.class, root.toString(), "AUTO");
            assertThat(r.output()).as(r.output()).contains("choice: btrfs (auto: " + root + " is on btrfs");
        }
    }

    private static Path ownedByNobody(Path dir) {
        Commands.ok("mkdir", "-m", "0700", dir.toString());
        Commands.ok("chown", "nobody:nogroup", dir.toString());
        return dir;
    }
}
