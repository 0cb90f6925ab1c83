package org.pobsync.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.engine.backup.BackupFixture.inSnapshot;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.RunOutcome;
import org.pobsync.engine.StoreSetting;
import org.pobsync.testsupport.BtrfsMount;
import org.pobsync.testsupport.Commands;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestEnvironment;
import org.pobsync.testsupport.TestTree;
import org.pobsync.testsupport.TreeComparison;

/**
 * What both snapshot stores must guarantee (issue 16, item 5), over the loopback sshd so rsync
 * takes its delta-transfer path: an incremental backup never changes the snapshot before it, the
 * new snapshot equals the source, and hard links on the host arrive as they are, also when a
 * linked pair splits between two backups.
 */
class SnapshotStoreIntegrityTest {

    @TempDir
    Path tmp;

    private BtrfsMount btrfs;
    private BackupFixture fixture;
    private Path src;

    @AfterEach
    void unmount() {
        if (btrfs != null) {
            btrfs.close();
        }
    }

    private void setUp(StoreSetting store) throws IOException {
        Path root = tmp.resolve("backups");
        if (store == StoreSetting.BTRFS) {
            btrfs = BtrfsMount.at(tmp.resolve("btrfs"));
            root = Files.createDirectories(btrfs.path().resolve("backups"));
        }
        fixture = new BackupFixture(tmp, root);
        fixture.store = store;
        src = tmp.resolve("src");
        TestTree.tree()
                .dir("etc", 0755)
                .file("etc/hosts", "127.0.0.1 localhost\n")
                .file("etc/growing.log", "line 1\n")
                .file("etc/shrinking", "a long line that will be cut short\n")
                .file("etc/doomed", "deleted before the second backup\n")
                .file("etc/script.sh", "#!/bin/sh\necho hi\n", 0755)
                .ownedFile("etc/owned", "numeric owner\n", 4321, 8765)
                .file("etc/pair-a", "shared content\n")
                .hardlink("etc/pair-b", "etc/pair-a")
                .file("etc/single-c", "same\n")
                .file("etc/single-d", "same\n")
                .largeFile("var/disk.img", 3L * 1024 * 1024, 16)
                .symlink("etc/link", "hosts")
                .create(src);
    }

    private BackupResult backup() {
        BackupResult result = fixture.ssh(LoopbackSshd.shared(), src.resolve("etc").toString(), src.resolve("var").toString())
                .run();
        assertThat(result.outcome()).as(result.errorSummary() + "\n" + fixture.lastLog()).isEqualTo(RunOutcome.SUCCEEDED);
        return result;
    }

    @ParameterizedTest
    @EnumSource(value = StoreSetting.class, names = {"HARDLINK", "BTRFS"})
    void anIncrementalLeavesThePreviousSnapshotExactlyAsItWas(StoreSetting store) throws IOException {
        setUp(store);
        BackupResult first = backup();
        Map<String, TreeComparison.Entry> before = TreeComparison.scan(inSnapshot(first, src));

        Instant later = Instant.parse("2026-01-01T00:00:00Z");
        // Same size, new content: a store that wrote in place would show it in the first snapshot.
        TestTree.rewrite(src.resolve("etc/hosts"), "127.0.0.9 localhost\n", later);
        append(src.resolve("etc/growing.log"), "line 2\n", later);
        TestTree.rewrite(src.resolve("etc/shrinking"), "short\n", later);
        Files.delete(src.resolve("etc/doomed"));
        Files.writeString(src.resolve("etc/added"), "new file\n");
        Files.setPosixFilePermissions(src.resolve("etc/script.sh"), TestTree.permissions(0700));
        if (TestEnvironment.isRoot()) {
            Files.setAttribute(src.resolve("etc/owned"), "unix:uid", 1111);
        }
        // A few bytes in the middle of a large file: rsync's delta transfer rebuilds it from the old copy.
        overwrite(src.resolve("var/disk.img"), 1_500_000, "patched in the middle", later);

        BackupResult second = backup();

        assertThat(second.baseSnapshotName()).isEqualTo(first.snapshotName());
        assertThat(TreeComparison.scan(inSnapshot(first, src))).isEqualTo(before);
        for (String part : new String[] {"etc", "var"}) {
            TreeComparison.assertSameTree(src.resolve(part), inSnapshot(second, src.resolve(part)));
            // rsync itself finds nothing to change, content compared by checksum (ACLs, xattrs too).
            assertThat(Commands.ok("rsync", "-aHAXnci", "--numeric-ids", "--delete", src.resolve(part) + "/",
                    inSnapshot(second, src.resolve(part)) + "/")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = StoreSetting.class, names = {"HARDLINK", "BTRFS"})
    void hardLinksOnTheHostArriveAsTheyAreAlsoWhenAPairSplits(StoreSetting store) throws IOException {
        setUp(store);
        BackupResult first = backup();
        assertThat(TreeComparison.inode(inSnapshot(first, src.resolve("etc/pair-b"))))
                .isEqualTo(TreeComparison.inode(inSnapshot(first, src.resolve("etc/pair-a"))));

        // The pair splits: a gets new content under a new inode, b keeps the old one. rsync
        // --inplace would write a's new content through b's shared inode and never notice.
        Path a = src.resolve("etc/pair-a");
        Files.delete(a);
        Files.writeString(a, "a's new content, longer than before\n");
        Files.setLastModifiedTime(a, FileTime.from(Instant.parse("2026-01-01T00:00:00Z")));
        // And two separate files become one.
        Files.delete(src.resolve("etc/single-d"));
        Files.createLink(src.resolve("etc/single-d"), src.resolve("etc/single-c"));

        BackupResult second = backup();

        Path copy = inSnapshot(second, src.resolve("etc"));
        assertThat(Files.readString(copy.resolve("pair-a"))).isEqualTo("a's new content, longer than before\n");
        assertThat(Files.readString(copy.resolve("pair-b"))).isEqualTo("shared content\n");
        assertThat(TreeComparison.inode(copy.resolve("pair-a"))).isNotEqualTo(TreeComparison.inode(copy.resolve("pair-b")));
        assertThat(TreeComparison.inode(copy.resolve("single-d"))).isEqualTo(TreeComparison.inode(copy.resolve("single-c")));
        TreeComparison.assertSameTree(src.resolve("etc"), copy);
        Path old = inSnapshot(first, src.resolve("etc"));
        assertThat(Files.readString(old.resolve("pair-a"))).isEqualTo("shared content\n");
        assertThat(Files.readString(old.resolve("pair-b"))).isEqualTo("shared content\n");
    }

    private static void append(Path file, String text, Instant mtime) throws IOException {
        Files.writeString(file, text, java.nio.file.StandardOpenOption.APPEND);
        Files.setLastModifiedTime(file, FileTime.from(mtime));
    }

    private static void overwrite(Path file, long offset, String text, Instant mtime) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            f.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.setLastModifiedTime(file, FileTime.from(mtime));
    }
}
