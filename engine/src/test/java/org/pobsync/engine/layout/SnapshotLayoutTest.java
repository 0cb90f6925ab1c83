package org.pobsync.engine.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.SnapshotState;
import org.pobsync.engine.TransferStats;
import org.pobsync.engine.rsync.InvalidBackupConfigException;

class SnapshotLayoutTest {

    @TempDir
    Path root;

    SnapshotLayout layout;
    Path host;

    @BeforeEach
    void setUp() throws IOException {
        layout = new SnapshotLayout(root);
        host = layout.createHostDir("web1");
    }

    private Path snapshot(String dirName, String status) throws IOException {
        Path dir = host.resolve(dirName);
        Files.createDirectories(dir.resolve("data"));
        if (status != null) {
            String name = dirName.replace(".incomplete", "");
            SnapshotMetadataFile.write(dir, new SnapshotMetadata(1, "web1", name, status, Instant.EPOCH, null, null,
                    List.of("/etc"), List.of("rsync"), 0, TransferStats.NONE, "test"));
        }
        return dir;
    }

    @Test
    void pathsFollowTheDocumentedLayout() {
        SnapshotName name = SnapshotName.of(Instant.parse("2026-11-23T02:15:00Z"));
        assertThat(layout.snapshotDir("web1", name)).isEqualTo(root.resolve("web1/20261123T021500Z"));
        assertThat(layout.incompleteDir("web1", name)).isEqualTo(root.resolve("web1/20261123T021500Z.incomplete"));
        assertThat(layout.lockFile("web1")).isEqualTo(root.resolve("web1/.lock"));
        assertThat(SnapshotLayout.dataDir(layout.snapshotDir("web1", name))).isEqualTo(root.resolve("web1/20261123T021500Z/data"));
        assertThatThrownBy(() -> layout.hostDir("../etc")).isInstanceOf(InvalidBackupConfigException.class);
    }

    @Test
    void theHostDirectoryIsPrivateAndTheBackupRootMustAlreadyExist(@TempDir Path elsewhere) throws IOException {
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(host)))
                .isEqualTo("rwx------");
        assertThat(layout.createHostDir("web1")).isEqualTo(host);
        SnapshotLayout unmounted = new SnapshotLayout(elsewhere.resolve("mnt/backup"));
        assertThatThrownBy(() -> unmounted.createHostDir("web1")).isInstanceOf(IOException.class)
                .hasMessageContaining("does not exist").hasMessageContaining("is the backup disk mounted?");
        assertThat(elsewhere.resolve("mnt")).doesNotExist();
    }

    @Test
    void listsOnlySnapshotDirectoriesOldestFirst() throws IOException {
        snapshot("20260102T000000Z", "complete");
        snapshot("20260101T000000Z", null);
        snapshot("20260103T000000Z.incomplete", "incomplete");
        Files.createDirectories(host.resolve("not-a-snapshot"));
        Files.createDirectories(host.resolve(".dry-run-20260104T000000Z/data"));
        Files.writeString(host.resolve("20260105T000000Z"), "a file, not a directory");
        Files.writeString(host.resolve(".lock"), "");
        List<SnapshotEntry> entries = layout.list("web1");
        assertThat(entries).extracting(e -> e.path().getFileName().toString())
                .containsExactly("20260101T000000Z", "20260102T000000Z", "20260103T000000Z.incomplete");
        assertThat(entries).extracting(SnapshotEntry::state)
                .containsExactly(SnapshotState.COMPLETE, SnapshotState.COMPLETE, SnapshotState.INCOMPLETE);
    }

    @Test
    void theBaseIsTheNewestCompleteOrPartialNeverAnIncompleteOne() throws IOException {
        snapshot("20260101T000000Z", "complete");
        snapshot("20260102T000000Z", "partial");
        snapshot("20260103T000000Z.incomplete", "incomplete");
        assertThat(layout.newestBase("web1")).map(e -> e.name().value()).contains("20260102T000000Z");
        // An incomplete status inside a renamed directory (a crash between metadata and rename
        // cannot produce it, but a hand-made one can) does not make it a base either.
        snapshot("20260104T000000Z", "incomplete");
        assertThat(layout.newestBase("web1")).map(e -> e.name().value()).contains("20260102T000000Z");
    }

    @Test
    void unreadableMetadataOrAMissingDataDirectoryIsNoBase() throws IOException {
        snapshot("20260101T000000Z", "complete");
        Path garbled = snapshot("20260102T000000Z", null);
        Files.writeString(garbled.resolve("snapshot.json"), "{broken");
        Files.createDirectories(host.resolve("20260103T000000Z"));
        assertThat(layout.newestBase("web1")).map(e -> e.name().value()).contains("20260101T000000Z");
        assertThat(layout.list("web1").get(1).metadataError()).contains("not valid snapshot metadata");
    }

    @Test
    void symbolicLinksAreNeverFollowedWhenListing(@TempDir Path outside) throws IOException {
        Files.createDirectories(outside.resolve("20260109T000000Z/data"));
        Files.createSymbolicLink(host.resolve("20260109T000000Z"), outside.resolve("20260109T000000Z"));
        assertThat(layout.list("web1")).isEmpty();
        assertThat(layout.newestBase("web1")).isEmpty();
    }

    @Test
    void aSymlinkedHostDirectoryIsRefused(@TempDir Path outside) throws IOException {
        Files.createSymbolicLink(root.resolve("web2"), outside);
        assertThatThrownBy(() -> layout.createHostDir("web2")).isInstanceOf(IOException.class)
                .hasMessageContaining("symbolic link");
        assertThat(layout.list("web2")).isEmpty();
    }

    @Test
    void uniqueNamesMoveForwardPastExistingOnesIncludingIncomplete() throws IOException {
        Instant t = Instant.parse("2026-11-23T02:15:00.700Z");
        assertThat(layout.uniqueName("web1", t).value()).isEqualTo("20261123T021500Z");
        snapshot("20261123T021500Z", "complete");
        snapshot("20261123T021501Z.incomplete", "incomplete");
        assertThat(layout.uniqueName("web1", t).value()).isEqualTo("20261123T021502Z");
    }
}
