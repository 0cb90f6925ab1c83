package org.pobsync.snapshots;

import java.time.Instant;

/** What the database knows of one snapshot directory. */
public record SnapshotRecord(long id, long hostId, String hostName, String name, String path,
                             SnapshotStatus status, Instant startedAt, Instant finishedAt, String baseName,
                             Long baseSnapshotId, Long fileCount, Long totalBytes, Long uniqueBytes, Long runId,
                             Instant discoveredAt, Instant deletedAt) {
}
