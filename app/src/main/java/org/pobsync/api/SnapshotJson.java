package org.pobsync.api;

import java.time.Instant;
import org.pobsync.snapshots.SnapshotRecord;

/** A snapshot record in /api/snapshots/ and inside a host. Field names are a contract (docs/api.md). */
record SnapshotJson(long id, String host, String name, String status, Instant startedAt, Instant finishedAt,
                    String baseSnapshot, Long fileCount, Long totalBytes, Long uniqueBytes, Long runId, String path,
                    Instant discoveredAt, Instant deletedAt) {

    static SnapshotJson of(SnapshotRecord s) {
        return new SnapshotJson(s.id(), s.hostName(), s.name(), s.status().dbValue(), s.startedAt(), s.finishedAt(),
                s.baseName(), s.fileCount(), s.totalBytes(), s.uniqueBytes(), s.runId(), s.path(), s.discoveredAt(),
                s.deletedAt());
    }
}
