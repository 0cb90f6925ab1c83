package org.pobsync.engine.prune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pobsync.testsupport.DiskFixtures.dir;
import static org.pobsync.testsupport.DiskFixtures.file;
import static org.pobsync.testsupport.DiskFixtures.hardLink;
import static org.pobsync.testsupport.DiskFixtures.mode;
import static org.pobsync.testsupport.DiskFixtures.symlink;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.DeepTree;
import org.pobsync.testsupport.DiskFixtures;
import org.pobsync.testsupport.TmpfsMount;

class SnapshotDeleterTest {

    @TempDir
    Path base;

    private Path root() {
        return dir(base.resolve("backups"));
    }

    private Path snapshot(String relative) {
        return root().resolve(relative);
    }

    /** A snapshot as rsync leaves it: nested data, metadata, a symlink, a few modes. */
    private static void fillSnapshot(Path snapshot) {
        file(snapshot.resolve("snapshot.json"), "{\"status\": \"complete\"}");
        file(snapshot.resolve("data/etc/hosts"), 120);
        file(snapshot.resolve("data/etc/ssh/sshd_config"), 3000);
        file(snapshot.resolve("data/home/ann/.bashrc"), 40);
        dir(snapshot.resolve("data/home/ann/empty"));
        symlink(snapshot.resolve("data/etc/localtime"), Path.of("/usr/share/zoneinfo/Europe/Berlin"));
    }

    @Test
    void deletesTheSnapshotAndCountsWhatItRemoved() throws IOException {
        Path snapshot = snapshot("web1/20261120T021500Z");
        fillSnapshot(snapshot);
        Path neighbour = file(root().resolve("web1/20261121T021500Z/data/etc/hosts"), 120);

        DeletionResult result = new SnapshotDeleter(root()).delete(snapshot);

        assertThat(result).isEqualTo(new DeletionResult(true, 5, 7));
        assertThat(snapshot).doesNotExist();
        assertThat(neighbour).exists();
        assertThat(root().resolve("web1")).isDirectory();
    }

    @Test
    void deletesAnIncompleteSnapshotToo() throws IOException {
        Path snapshot = snapshot("web1/20261120T021500Z.incomplete");
        fillSnapshot(snapshot);

        new SnapshotDeleter(root()).delete(snapshot);

        assertThat(snapshot).doesNotExist();
    }

    @Test
    void symlinksAreRemovedButWhatTheyPointToSurvives() throws IOException {
        Path outside = dir(base.resolve("outside"));
        Path outsideFile = file(outside.resolve("precious/file"), 500);
        Path snapshot = snapshot("web1/20261120T021500Z");
        symlink(snapshot.resolve("data/to-dir"), outside.resolve("precious"));
        symlink(snapshot.resolve("data/to-file"), outsideFile);
        symlink(snapshot.resolve("data/relative"), Path.of("../../../../outside/precious"));
        symlink(snapshot.resolve("data/dangling"), base.resolve("nothing-here"));
        Map<String, String> before = DiskFixtures.state(outside);

        DeletionResult result = new SnapshotDeleter(root()).delete(snapshot);

        assertThat(result.files()).isEqualTo(4);
        assertThat(snapshot).doesNotExist();
        assertThat(DiskFixtures.state(outside)).isEqualTo(before);
    }

    @Test
    void filesHardLinkedFromOtherSnapshotsKeepTheirContentAndMode() throws IOException {
        Path older = snapshot("web1/20261120T021500Z");
        Path shared = file(older.resolve("data/etc/shadow"), 700);
        mode(shared, "r--------");
        Path newer = snapshot("web1/20261121T021500Z");
        hardLink(newer.resolve("data/etc/shadow"), shared);
        mode(newer.resolve("data/etc"), "r-xr-xr-x");
        Map<String, String> olderBefore = DiskFixtures.state(older);

        new SnapshotDeleter(root()).delete(newer);

        assertThat(newer).doesNotExist();
        Map<String, String> olderAfter = DiskFixtures.state(older);
        assertThat(olderAfter.get("data/etc/shadow")).contains("100400 700").contains("links=1");
        olderBefore.remove("data/etc/shadow");
        olderAfter.remove("data/etc/shadow");
        assertThat(olderAfter).isEqualTo(olderBefore);
    }

    @Test
    void readOnlyDirectoriesAreNoObstacle() throws IOException {
        Path snapshot = snapshot("web1/20261120T021500Z");
        fillSnapshot(snapshot);
        mode(snapshot.resolve("data/etc/ssh"), "r-xr-xr-x");
        mode(snapshot.resolve("data/home/ann/empty"), "---------");
        mode(snapshot.resolve("data/home/ann"), "-wx------");
        mode(snapshot.resolve("data/etc"), "r--------");
        mode(snapshot.resolve("data"), "r-x------");
        mode(snapshot, "r-xr-xr-x");

        new SnapshotDeleter(root()).delete(snapshot);

        assertThat(snapshot).doesNotExist();
    }

    @Test
    void refusesToEmptyAFilesystemMountedInsideTheSnapshot() throws Exception {
        Path snapshot = snapshot("web1/20261120T021500Z");
        fillSnapshot(snapshot);
        Path mountPoint = snapshot.resolve("data/restore-here");
        try (TmpfsMount mount = TmpfsMount.at(mountPoint)) {
            Path foreign = file(mountPoint.resolve("not-ours"), 100);

            assertThatThrownBy(() -> new SnapshotDeleter(root()).delete(snapshot))
                    .isInstanceOf(FileSystemException.class).hasMessageContaining("another filesystem");
            assertThat(foreign).hasSize(100);
        }
    }

    @Test
    void aHalfDeletedSnapshotIsFinishedOnTheNextRun() throws IOException {
        Path snapshot = snapshot("web1/20261120T021500Z");
        for (int d = 0; d < 20; d++) {
            for (int f = 0; f < 20; f++) {
                file(snapshot.resolve("data/d" + d + "/f" + f), 10);
            }
        }
        // What a prune killed halfway leaves: some directories gone, some half emptied, one
        // already made writable while the rest stayed read-only.
        for (int d = 0; d < 8; d++) {
            mode(snapshot.resolve("data/d" + d), "rwxr-xr-x");
            try (var files = Files.list(snapshot.resolve("data/d" + d))) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(snapshot.resolve("data/d" + d));
        }
        for (int f = 0; f < 10; f++) {
            Files.delete(snapshot.resolve("data/d8/f" + f));
        }
        for (int d = 9; d < 20; d++) {
            mode(snapshot.resolve("data/d" + d), "r-xr-xr-x");
        }

        DeletionResult result = new SnapshotDeleter(root()).delete(snapshot);

        assertThat(result).isEqualTo(new DeletionResult(true, 10 + 11 * 20, 12 + 1 + 1));
        assertThat(snapshot).doesNotExist();
        assertThat(new SnapshotDeleter(root()).delete(snapshot)).isEqualTo(new DeletionResult(false, 0, 0));
    }

    @Test
    void aSnapshotOrHostThatIsAlreadyGoneIsNotAnError() throws IOException {
        dir(root().resolve("web1"));
        SnapshotDeleter deleter = new SnapshotDeleter(root());

        assertThat(deleter.delete(root().resolve("web1/20261120T021500Z")).existed()).isFalse();
        assertThat(deleter.delete(root().resolve("web2/20261120T021500Z")).existed()).isFalse();
    }

    @Test
    void aMissingBackupRootIsAnError() {
        Path missingRoot = base.resolve("not-mounted");

        assertThatThrownBy(() -> new SnapshotDeleter(missingRoot).delete(missingRoot.resolve("web1/20261120T021500Z")))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void deepTreesNeedNoRecursion() throws IOException {
        Path snapshot = snapshot("web1/20261120T021500Z");
        Path deep = snapshot.resolve("data");
        for (int i = 0; i < 600; i++) {
            deep = deep.resolve("d");
        }
        file(deep.resolve("f"), 1);

        DeletionResult result = new SnapshotDeleter(root()).delete(snapshot);

        assertThat(result).isEqualTo(new DeletionResult(true, 1, 602));
    }

    @Test
    void deletesASnapshotHoldingAPathLongerThanPathMax() throws IOException {
        Path snapshot = snapshot("web1/20261120T021500Z");
        Path data = dir(snapshot.resolve("data"));
        DeepTree.create(data, 20, "deep");
        try {
            DeletionResult result = new SnapshotDeleter(root()).delete(snapshot);

            assertThat(result).isEqualTo(new DeletionResult(true, 1, 22));
            assertThat(snapshot).doesNotExist();
        } finally {
            DeepTree.removeContents(base);
        }
    }

    @Test
    void refusesAnythingButASnapshotDirectoryUnderAHostOfItsRoot() {
        Path other = dir(base.resolve("other-root/web1/20261120T021500Z"));
        fillSnapshot(snapshot("web1/20261120T021500Z"));
        fillSnapshot(snapshot("Web1/20261120T021500Z"));
        Map<String, String> before = DiskFixtures.state(base);
        SnapshotDeleter deleter = new SnapshotDeleter(root());

        for (Path refused : new Path[] {
                root(),
                root().resolve("web1"),
                root().resolve("web1/20261120T021500Z/data"),
                root().resolve("web1/20261120T021500Z/data/etc"),
                root().resolve("Web1/20261120T021500Z"),
                root().resolve("web1/notes"),
                root().resolve("web1/20261120T021500Z.tmp"),
                root().resolve("web1/../../other-root/web1/20261120T021500Z"),
                other,
                Path.of("/"),
        }) {
            assertThatThrownBy(() -> deleter.delete(refused)).as(refused.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refusing");
        }
        assertThat(DiskFixtures.state(base)).isEqualTo(before);
    }

    @Test
    void refusesToDeleteThroughASymlinkedSnapshotOrHostDirectory() {
        Path outside = dir(base.resolve("outside"));
        fillSnapshot(outside.resolve("20261120T021500Z"));
        symlink(root().resolve("web1/20261120T021500Z"), outside.resolve("20261120T021500Z"));
        symlink(root().resolve("web2"), outside);
        Map<String, String> before = DiskFixtures.state(base);
        SnapshotDeleter deleter = new SnapshotDeleter(root());

        assertThatThrownBy(() -> deleter.delete(root().resolve("web1/20261120T021500Z")))
                .isInstanceOf(NotDirectoryException.class).hasMessageContaining("symlink");
        assertThatThrownBy(() -> deleter.delete(root().resolve("web2/20261120T021500Z")))
                .isInstanceOf(NotDirectoryException.class).hasMessageContaining("symlink");
        assertThat(DiskFixtures.state(base)).isEqualTo(before);
    }
}
