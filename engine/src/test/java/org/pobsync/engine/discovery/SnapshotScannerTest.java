package org.pobsync.engine.discovery;

import org.pobsync.testsupport.DiskFixtures;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pobsync.testsupport.DiskFixtures.dir;
import static org.pobsync.testsupport.DiskFixtures.file;
import static org.pobsync.testsupport.DiskFixtures.symlink;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.SnapshotState;
import org.pobsync.engine.TransferStats;

class SnapshotScannerTest {

    private static final String FULL_METADATA = """
            {"format_version": 1, "host": "web1", "name": "20261121T021500Z", "status": "partial",
             "started_at": "2026-11-21T02:15:00.250Z", "finished_at": "2026-11-21T02:20:00Z",
             "base_snapshot": "20261120T021500Z", "source_paths": ["/etc"], "rsync_command": ["rsync", "-a"],
             "exit_code": 23, "stats": {"files": 10, "files_transferred": 2, "bytes_transferred": 300,
             "total_size": 5000}, "pobsync_version": "0.1.0", "added_in_version_7": {"x": [1, 2]}}
            """;

    @TempDir
    Path root;

    private SnapshotScanner scanner() {
        return new SnapshotScanner(root);
    }

    @Test
    void readsStatusTimesBaseAndStatsFromSnapshotJson() throws IOException {
        file(root.resolve("web1/20261121T021500Z/snapshot.json"), FULL_METADATA);

        DiscoveredSnapshot s = scanner().scanHost("web1", SizeMode.QUICK).get(0);

        assertThat(s.host()).isEqualTo("web1");
        assertThat(s.name()).isEqualTo("20261121T021500Z");
        assertThat(s.path()).isEqualTo(root.resolve("web1/20261121T021500Z"));
        assertThat(s.status()).isEqualTo(SnapshotState.PARTIAL);
        assertThat(s.startedAt()).isEqualTo(Instant.parse("2026-11-21T02:15:00.250Z"));
        assertThat(s.finishedAt()).isEqualTo(Instant.parse("2026-11-21T02:20:00Z"));
        assertThat(s.baseName()).isEqualTo("20261120T021500Z");
        assertThat(s.stats()).isEqualTo(new TransferStats(10, 2, 300, 5000));
        assertThat(s.metadata()).isEqualTo(MetadataSource.SNAPSHOT_JSON);
        assertThat(s.sizes()).as("a quick scan does not measure").isNull();
    }

    @Test
    void withoutSnapshotJsonTheDirectoryNameGivesAStartTimeAndCompleteStatus() throws IOException {
        dir(root.resolve("web1/20261120T021500Z/data"));

        DiscoveredSnapshot s = scanner().scanHost("web1", SizeMode.QUICK).get(0);

        assertThat(s.status()).isEqualTo(SnapshotState.COMPLETE);
        assertThat(s.startedAt()).isEqualTo(Instant.parse("2026-11-20T02:15:00Z"));
        assertThat(s.finishedAt()).isNull();
        assertThat(s.baseName()).isNull();
        assertThat(s.stats()).isNull();
        assertThat(s.metadata()).isEqualTo(MetadataSource.DIRECTORY_NAME);
    }

    @Test
    void corruptSnapshotJsonFallsBackToTheDirectoryName() throws IOException {
        file(root.resolve("web1/20261120T021500Z/snapshot.json"), "{\"status\": \"partial\", \"started_at");

        DiscoveredSnapshot s = scanner().scanHost("web1", SizeMode.QUICK).get(0);

        assertThat(s.metadata()).isEqualTo(MetadataSource.UNREADABLE_JSON);
        assertThat(s.status()).isEqualTo(SnapshotState.COMPLETE);
        assertThat(s.startedAt()).isEqualTo(Instant.parse("2026-11-20T02:15:00Z"));
    }

    @Test
    void fieldsOfTheWrongTypeCountAsMissing() throws IOException {
        file(root.resolve("web1/20261120T021500Z/snapshot.json"),
                "{\"status\": 7, \"started_at\": \"yesterday\", \"finished_at\": 12, \"base_snapshot\": [],"
                        + " \"stats\": {\"files\": \"many\", \"total_size\": 99}}");

        DiscoveredSnapshot s = scanner().scanHost("web1", SizeMode.QUICK).get(0);

        assertThat(s.metadata()).isEqualTo(MetadataSource.SNAPSHOT_JSON);
        assertThat(s.status()).isEqualTo(SnapshotState.COMPLETE);
        assertThat(s.startedAt()).isEqualTo(Instant.parse("2026-11-20T02:15:00Z"));
        assertThat(s.finishedAt()).isNull();
        assertThat(s.baseName()).isNull();
        assertThat(s.stats()).isEqualTo(new TransferStats(0, 0, 0, 99));
    }

    @Test
    void anIncompleteDirectoryIsIncompleteWhateverItsMetadataSays() throws IOException {
        file(root.resolve("web1/20261121T021500Z.incomplete/snapshot.json"), FULL_METADATA);

        DiscoveredSnapshot s = scanner().scanHost("web1", SizeMode.QUICK).get(0);

        assertThat(s.name()).isEqualTo("20261121T021500Z");
        assertThat(s.path()).isEqualTo(root.resolve("web1/20261121T021500Z.incomplete"));
        assertThat(s.status()).isEqualTo(SnapshotState.INCOMPLETE);
        assertThat(s.baseName()).isEqualTo("20261120T021500Z");
    }

    @Test
    void aSnapshotJsonSymlinkIsNotFollowed() throws IOException {
        Path elsewhere = file(root.resolve("elsewhere.json"), FULL_METADATA);
        symlink(root.resolve("web1/20261120T021500Z/snapshot.json"), elsewhere);

        DiscoveredSnapshot s = scanner().scanHost("web1", SizeMode.QUICK).get(0);

        assertThat(s.metadata()).isEqualTo(MetadataSource.UNREADABLE_JSON);
        assertThat(s.status()).isEqualTo(SnapshotState.COMPLETE);
    }

    @Test
    void scansEveryHostAndIgnoresEverythingThatIsNotASnapshot() throws IOException {
        dir(root.resolve("web1/20261120T021500Z"));
        dir(root.resolve("web1/20261121T021500Z.incomplete"));
        dir(root.resolve("db.example.org/20261119T000000Z"));
        file(root.resolve("web1/.lock"), "");
        dir(root.resolve("web1/notes"));
        dir(root.resolve("web1/20261399T000000Z"));            // not a real time
        dir(root.resolve("web1/20261120T021500Z.tmp"));
        file(root.resolve("web1/20261122T021500Z"), "a file, not a directory");
        symlink(root.resolve("web1/20261123T021500Z"), root.resolve("web1/20261120T021500Z"));
        dir(root.resolve("lost+found/20261120T021500Z"));
        dir(root.resolve("Web2/20261120T021500Z"));            // not a valid host name
        dir(root.resolve("outside/20261120T021500Z"));
        symlink(root.resolve("linkedhost"), root.resolve("outside"));
        file(root.resolve("README"), "operator notes");

        SnapshotScanner scanner = scanner();
        List<DiscoveredSnapshot> all = scanner.scanAll(SizeMode.QUICK);

        assertThat(all).extracting(s -> s.host() + "/" + s.name() + " " + s.status()).containsExactly(
                "db.example.org/20261119T000000Z COMPLETE",
                "outside/20261120T021500Z COMPLETE",
                "web1/20261120T021500Z COMPLETE",
                "web1/20261121T021500Z INCOMPLETE");
        assertThat(scanner.unrecognised()).as("what was left alone is named; the lock and lost+found are not")
                .containsExactlyInAnyOrder(root.resolve("README"), root.resolve("Web2"), root.resolve("linkedhost"),
                        root.resolve("web1/notes"), root.resolve("web1/20261399T000000Z"),
                        root.resolve("web1/20261120T021500Z.tmp"), root.resolve("web1/20261122T021500Z"),
                        root.resolve("web1/20261123T021500Z"));
    }

    @Test
    void anotherToolsSnapshotsAreListedAsUnrecognised() throws IOException {
        dir(root.resolve("web1/daily.0"));
        dir(root.resolve("web1/2024-01-01_02-15-00"));
        dir(root.resolve("web1/20261120T021500Z"));
        dir(root.resolve("web1/.dry-run-20261121T021500Z"));

        SnapshotScanner scanner = scanner();
        assertThat(scanner.scanHost("web1", SizeMode.QUICK)).hasSize(1);
        assertThat(scanner.unrecognised())
                .containsExactly(root.resolve("web1/2024-01-01_02-15-00"), root.resolve("web1/daily.0"));
    }

    @Test
    void aHostWithoutADirectoryHasNoSnapshots() throws IOException {
        assertThat(scanner().scanHost("new-host", SizeMode.WITH_SIZES)).isEmpty();
    }

    @Test
    void refusesAHostNameThatCannotBeADirectory() {
        assertThatThrownBy(() -> scanner().scanHost("../etc", SizeMode.QUICK))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scanningChangesNothingOnDisk() throws IOException {
        file(root.resolve("web1/20261121T021500Z/snapshot.json"), FULL_METADATA);
        file(root.resolve("web1/20261121T021500Z/data/etc/hosts"), 120);
        file(root.resolve("web1/20261122T021500Z.incomplete/data/etc/hosts"), 130);
        file(root.resolve("web1/20261123T021500Z/snapshot.json"), "{broken");
        symlink(root.resolve("web1/20261121T021500Z/data/etc/passwd"), Path.of("/etc/passwd"));
        var before = DiskFixtures.state(root);

        scanner().scanAll(SizeMode.WITH_SIZES);
        scanner().scanHost("web1", SizeMode.QUICK);

        assertThat(DiskFixtures.state(root)).isEqualTo(before);
    }
}
