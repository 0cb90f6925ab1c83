package org.pobsync.engine.layout;

import java.time.Instant;
import java.util.List;
import org.pobsync.engine.TransferStats;

/**
 * The contents of {@code <root>/<host>/<name>/snapshot.json}: what an operator (or discovery,
 * years later) needs to understand a snapshot without the database. See docs/design.md.
 *
 * @param formatVersion    {@link #FORMAT_VERSION}; readers accept any version and ignore unknown fields
 * @param status           complete, partial or incomplete (as in SnapshotState, lower case)
 * @param baseSnapshot     the --link-dest base's name, null for a full backup
 * @param rsyncCommand     the argument list rsync was started with
 * @param exitCode         rsync's exit code, null when unknown
 * @param snapshotStore    how the snapshot is kept: hardlink or btrfs (SPEC section 15); null in
 *                         files written before stores existed, which are all hardlink
 */
public record SnapshotMetadata(int formatVersion, String host, String name, String status,
                               Instant startedAt, Instant finishedAt, String baseSnapshot,
                               List<String> sourcePaths, List<String> rsyncCommand,
                               Integer exitCode, TransferStats stats, String pobsyncVersion,
                               String snapshotStore) {

    /** Metadata without a store (a file of an older pobsync, or a test). */
    public SnapshotMetadata(int formatVersion, String host, String name, String status, Instant startedAt,
                            Instant finishedAt, String baseSnapshot, List<String> sourcePaths,
                            List<String> rsyncCommand, Integer exitCode, TransferStats stats, String pobsyncVersion) {
        this(formatVersion, host, name, status, startedAt, finishedAt, baseSnapshot, sourcePaths, rsyncCommand,
                exitCode, stats, pobsyncVersion, null);
    }

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "snapshot.json";
}
