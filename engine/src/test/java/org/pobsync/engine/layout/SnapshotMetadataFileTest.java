package org.pobsync.engine.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.TransferStats;

class SnapshotMetadataFileTest {

    @TempDir
    Path dir;

    static SnapshotMetadata sample() {
        return new SnapshotMetadata(1, "web1", "20261123T021500Z", "complete",
                Instant.parse("2026-11-23T02:15:00Z"), Instant.parse("2026-11-23T02:17:31.250Z"), "20261122T021500Z",
                List.of("/etc", "/home"), List.of("rsync", "-a", "--", "backup@web1:/etc"), 0,
                new TransferStats(1200, 14, 5_000_000, 9_000_000_000L), "0.1.0");
    }

    @Test
    void writesPrettySnakeCaseJsonWithIsoUtcTimes() throws IOException {
        SnapshotMetadataFile.write(dir, sample());
        String json = Files.readString(dir.resolve("snapshot.json"));
        assertThat(json).contains("\"format_version\" : 1", "\"started_at\" : \"2026-11-23T02:15:00Z\"",
                "\"finished_at\" : \"2026-11-23T02:17:31.250Z\"", "\"base_snapshot\" : \"20261122T021500Z\"",
                "\"rsync_command\" : [", "\"exit_code\" : 0", "\"pobsync_version\" : \"0.1.0\"",
                "\"files_transferred\" : 14", "\"total_size\" : 9000000000", "\"source_paths\"");
        assertThat(json.lines().count()).isGreaterThan(10);
        assertThat(SnapshotMetadataFile.read(dir.resolve("snapshot.json"))).isEqualTo(sample());
    }

    @Test
    void readsFilesWithUnknownAndMissingFields() throws IOException {
        Files.writeString(dir.resolve("snapshot.json"), "{\"format_version\": 7, \"host\": \"web1\", \"name\": \"20261123T021500Z\","
                + " \"status\": \"partial\", \"started_at\": \"2026-11-23T02:15:00Z\", \"something_new\": {\"a\": 1}}");
        SnapshotMetadata m = SnapshotMetadataFile.read(dir.resolve("snapshot.json"));
        assertThat(m.formatVersion()).isEqualTo(7);
        assertThat(m.status()).isEqualTo("partial");
        assertThat(m.finishedAt()).isNull();
        assertThat(m.stats()).isNull();
    }

    @Test
    void overwritesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        SnapshotMetadataFile.write(dir, sample());
        SnapshotMetadata updated = new SnapshotMetadata(1, "web1", "20261123T021500Z", "incomplete", sample().startedAt(),
                null, null, List.of("/etc"), List.of("rsync"), 23, TransferStats.NONE, "0.1.0");
        SnapshotMetadataFile.write(dir, updated);
        assertThat(SnapshotMetadataFile.read(dir.resolve("snapshot.json"))).isEqualTo(updated);
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("snapshot.json");
        }
    }

    @Test
    void refusesGarbageAndSymlinks() throws IOException {
        Files.writeString(dir.resolve("snapshot.json"), "{not json");
        assertThatThrownBy(() -> SnapshotMetadataFile.read(dir.resolve("snapshot.json")))
                .isInstanceOf(IOException.class).hasMessageContaining("not valid snapshot metadata");
        Path elsewhere = dir.resolve("real.json");
        SnapshotMetadataFile.write(dir, sample());
        Files.move(dir.resolve("snapshot.json"), elsewhere);
        Files.createSymbolicLink(dir.resolve("snapshot.json"), elsewhere);
        assertThatThrownBy(() -> SnapshotMetadataFile.read(dir.resolve("snapshot.json")))
                .isInstanceOf(IOException.class).hasMessageContaining("not a regular file");
    }
}
