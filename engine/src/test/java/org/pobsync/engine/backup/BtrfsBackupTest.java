package org.pobsync.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pobsync.engine.backup.BackupFixture.inSnapshot;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.RunOutcome;
import org.pobsync.engine.SnapshotState;
import org.pobsync.engine.StoreSetting;
import org.pobsync.engine.btrfs.Btrfs;
import org.pobsync.engine.layout.SnapshotMetadataFile;
import org.pobsync.testsupport.BtrfsMount;
import org.pobsync.testsupport.Commands;
import org.pobsync.testsupport.TestTree;
import org.pobsync.testsupport.TreeComparison;

/** The btrfs store on a real btrfs: subvolumes, read-only once complete, and a change of store. */
class BtrfsBackupTest {

    @TempDir
    Path tmp;

    private BtrfsMount btrfs;
    private BackupFixture fixture;
    private Path src;

    @BeforeEach
    void setUp() throws IOException {
        btrfs = BtrfsMount.at(tmp.resolve("btrfs"));
        fixture = new BackupFixture(tmp, Files.createDirectories(btrfs.path().resolve("backups")));
        fixture.store = StoreSetting.BTRFS;
        src = TestTree.tree()
                .dir("etc", 0755)
                .file("etc/hosts", "127.0.0.1 localhost\n")
                .file("etc/motd", "hello\n")
                .file("etc/pair", "linked\n")
                .hardlink("etc/pair.link", "etc/pair")
                .largeFile("etc/big.bin", 1024 * 1024, 3)
                .create(tmp.resolve("src"));
    }

    @AfterEach
    void unmount() {
        btrfs.close();
    }

    private BackupResult backup() {
        BackupResult result = fixture.local(src.resolve("etc").toString()).run();
        assertThat(result.outcome()).as(result.errorSummary() + "\n" + fixture.lastLog()).isEqualTo(RunOutcome.SUCCEEDED);
        return result;
    }

    @Test
    void aCompleteSnapshotIsAReadOnlySubvolumeThatNothingCanChange() throws IOException {
        BackupResult first = backup();

        Path snapshot = first.snapshotPath();
        assertThat(Btrfs.isSubvolume(snapshot)).isTrue();
        assertThat(Commands.ok("btrfs", "property", "get", "-ts", snapshot.toString(), "ro").strip()).isEqualTo("ro=true");
        // Not even root may write into it.
        Path hosts = inSnapshot(first, src.resolve("etc/hosts"));
        assertThatThrownBy(() -> Files.writeString(hosts, "changed")).isInstanceOf(FileSystemException.class)
                .hasMessageContaining("Read-only file system");
        assertThat(Files.readString(hosts)).isEqualTo("127.0.0.1 localhost\n");
        assertThat(SnapshotMetadataFile.read(snapshot.resolve("snapshot.json")).snapshotStore()).isEqualTo("btrfs");
        assertThat(fixture.lastLog()).contains("pobsync: snapshot store: btrfs (" + fixture.root
                + " is on btrfs and subvolumes can be created, made read-only and deleted there)",
                "base none (full copy into a new btrfs subvolume)");
    }

    @Test
    void anIncrementalIsASnapshotOfTheLastCompleteOneBroughtUpToDate() throws IOException {
        BackupResult first = backup();
        TestTree.rewrite(src.resolve("etc/motd"), "changed\n", Instant.parse("2026-01-01T00:00:00Z"));

        BackupResult second = backup();

        assertThat(second.command()).noneMatch(a -> a.startsWith("--link-dest"));
        assertThat(fixture.lastLog()).contains("base " + first.snapshotName()
                + " (a writable btrfs snapshot of it, brought up to date by rsync)");
        // Unchanged files are the same files, shared by the snapshot, not copied or linked.
        assertThat(inode(second, "etc/hosts")).isEqualTo(inode(first, "etc/hosts"));
        assertThat(inode(second, "etc/motd")).isNotEqualTo(inode(first, "etc/motd"));
        assertThat(Files.readString(inSnapshot(first, src.resolve("etc/motd")))).isEqualTo("hello\n");
        TreeComparison.assertSameTree(src.resolve("etc"), inSnapshot(second, src.resolve("etc")));
        assertThat(Commands.ok("btrfs", "property", "get", "-ts", second.snapshotPath().toString(), "ro").strip())
                .isEqualTo("ro=true");
    }

    @Test
    void aFailedBackupLeavesAWritableIncompleteSubvolumeThatIsNeverABase() throws IOException {
        BackupResult first = backup();
        BackupResult failed = fixture.local(tmp.resolve("no-such-dir").toString()).run();
        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.snapshotState()).isEqualTo(SnapshotState.INCOMPLETE);
        assertThat(failed.snapshotPath().getFileName().toString()).endsWith(".incomplete");
        assertThat(Btrfs.isSubvolume(failed.snapshotPath())).isTrue();
        assertThat(Commands.ok("btrfs", "property", "get", "-ts", failed.snapshotPath().toString(), "ro").strip())
                .isEqualTo("ro=false");

        BackupResult third = backup();

        assertThat(third.baseSnapshotName()).isEqualTo(first.snapshotName());
        TreeComparison.assertSameTree(src.resolve("etc"), inSnapshot(third, src.resolve("etc")));
    }

    @Test
    void aChangeOfStoreKeepsTheOldSnapshotsAndStartsFromAReflinkedCopy() throws IOException {
        fixture.store = StoreSetting.HARDLINK;
        BackupResult plain = backup();
        assertThat(Btrfs.isSubvolume(plain.snapshotPath())).isFalse();
        var plainBefore = TreeComparison.scan(plain.snapshotPath());

        fixture.store = StoreSetting.BTRFS;
        BackupResult subvolume = backup();
        assertThat(fixture.lastLog()).contains("base " + plain.snapshotName() + " is a plain directory of the hardlink"
                + " store, which a btrfs snapshot cannot start from: starting from a reflinked copy of it");
        assertThat(Btrfs.isSubvolume(subvolume.snapshotPath())).isTrue();
        TreeComparison.assertSameTree(src.resolve("etc"), inSnapshot(subvolume, src.resolve("etc")));

        fixture.store = StoreSetting.HARDLINK;
        BackupResult back = backup();
        assertThat(fixture.lastLog()).contains("base " + subvolume.snapshotName() + " is a btrfs subvolume, which hard"
                + " links cannot reach: starting from a reflinked copy of it");
        assertThat(Btrfs.isSubvolume(back.snapshotPath())).isFalse();
        TreeComparison.assertSameTree(src.resolve("etc"), inSnapshot(back, src.resolve("etc")));

        BackupResult linked = backup();
        assertThat(linked.command()).contains("--link-dest=" + back.snapshotPath() + "/data");
        assertThat(inode(linked, "etc/hosts")).isEqualTo(inode(back, "etc/hosts"));
        assertThat(TreeComparison.scan(plain.snapshotPath())).isEqualTo(plainBefore);
        assertThat(Btrfs.isSubvolume(subvolume.snapshotPath())).isTrue();
    }

    @Test
    void forcedBtrfsOnAnotherFileSystemFailsBeforeTouchingIt() {
        BackupFixture elsewhere = new BackupFixture(tmp, tmp.resolve("backups"));
        elsewhere.store = StoreSetting.BTRFS;
        BackupResult result = elsewhere.local(src.resolve("etc").toString()).run();
        assertThat(result.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(result.errorSummary()).startsWith("no snapshot store: snapshot_store is btrfs, but "
                + elsewhere.root + " is on ").endsWith(", not btrfs");
        assertThat(result.snapshotName()).isNull();
    }

    private Object inode(BackupResult snapshot, String path) throws IOException {
        return Files.getAttribute(inSnapshot(snapshot, src.resolve(path)), "unix:ino", LinkOption.NOFOLLOW_LINKS);
    }
}
