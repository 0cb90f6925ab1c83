package org.pobsync.engine.discovery;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import org.pobsync.engine.SnapshotState;
import org.pobsync.engine.TransferStats;

/**
 * A snapshot directory found under the backup root.
 *
 * @param name       the snapshot name (without the {@code .incomplete} suffix)
 * @param path       the directory itself ({@code <root>/<host>/<name>} or {@code <name>.incomplete})
 * @param status     INCOMPLETE for a {@code .incomplete} directory; otherwise PARTIAL when its
 *                   snapshot.json says so, else COMPLETE (the rename is the commit point)
 * @param startedAt  from snapshot.json, else the time in the name
 * @param finishedAt from snapshot.json, null when unknown
 * @param baseName   the --link-dest base snapshot's name from snapshot.json, null when unknown
 * @param stats      rsync's figures from snapshot.json, null when unknown
 * @param sizes      null for a {@link SizeMode#QUICK} scan
 * @param addedBytes bytes in inodes no older snapshot of the host holds (what this snapshot
 *                   added to the disk, as far as the snapshots still there tell); null for a
 *                   {@link SizeMode#QUICK} scan
 */
public record DiscoveredSnapshot(String host, String name, Path path, SnapshotState status,
                                 Instant startedAt, Instant finishedAt, String baseName,
                                 TransferStats stats, MetadataSource metadata, SnapshotSizes sizes,
                                 Long addedBytes) {

    public DiscoveredSnapshot {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(metadata, "metadata");
    }

    DiscoveredSnapshot withSizes(SnapshotSizes newSizes, Long added) {
        return new DiscoveredSnapshot(host, name, path, status, startedAt, finishedAt, baseName, stats,
                metadata, newSizes, added);
    }
}
