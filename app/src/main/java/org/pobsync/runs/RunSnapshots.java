package org.pobsync.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.SnapshotState;
import org.pobsync.engine.TransferStats;
import org.pobsync.engine.layout.SnapshotLayout;
import org.pobsync.engine.layout.SnapshotMetadata;
import org.pobsync.engine.layout.SnapshotMetadataFile;
import org.pobsync.engine.layout.SnapshotName;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotRepository;
import org.pobsync.snapshots.SnapshotStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snapshot record a run produces, kept in step with the disk, which is the truth: recorded
 * {@code incomplete} the moment rsync starts writing (so retention's "stale incomplete" rule
 * finds the directory however the run ends), rewritten with the result when the run ends, and,
 * for a run whose worker was lost, read back from the disk: a worker may die (or be paused)
 * after renaming a finished snapshot and before recording it.
 */
public final class RunSnapshots {

    private static final Logger log = LoggerFactory.getLogger(RunSnapshots.class);

    /**
     * What the disk says about a lost run's snapshot, and the record that now says the same;
     * rsync's exit code and stats from snapshot.json when the snapshot was finished.
     */
    public record Found(SnapshotStatus status, String name, Long recordId, Integer exitCode, TransferStats stats) {
        public boolean usable() {
            return status.usable();
        }
    }

    private final SnapshotRepository snapshots;
    private final GlobalConfigService globalConfig;
    private final Clock clock;

    public RunSnapshots(SnapshotRepository snapshots, GlobalConfigService globalConfig, Clock clock) {
        this.snapshots = snapshots;
        this.globalConfig = globalConfig;
        this.clock = clock;
    }

    /** rsync started writing {@code <name>.incomplete} for the run: record it unless a record exists. */
    void recordStarted(BackupRun run, String name, String baseName, Path backupRoot) {
        SnapshotName parsed = SnapshotName.parse(name).orElseThrow(() -> new IllegalArgumentException(name));
        Path dir = new SnapshotLayout(backupRoot).incompleteDir(run.hostName(), parsed);
        Instant started = run.startedAt() != null ? run.startedAt() : clock.instant();
        insertIfAbsent(new SnapshotRecord(0, run.hostId(), run.hostName(), name, dir.toString(),
                SnapshotStatus.INCOMPLETE, started, null, baseName, baseId(run.hostId(), baseName), null, null, null,
                run.id(), clock.instant(), null));
    }

    /** The record of a run's result (complete, partial or incomplete); returns its id. */
    Long recordResult(BackupRun run, BackupResult result) {
        SnapshotStatus status = switch (result.snapshotState() == null ? SnapshotState.INCOMPLETE
                : result.snapshotState()) {
            case COMPLETE -> SnapshotStatus.COMPLETE;
            case PARTIAL -> SnapshotStatus.PARTIAL;
            case INCOMPLETE -> SnapshotStatus.INCOMPLETE;
        };
        TransferStats s = result.stats() == null ? TransferStats.NONE : result.stats();
        boolean usable = status.usable();
        return upsert(new SnapshotRecord(0, run.hostId(), run.hostName(), result.snapshotName(),
                result.snapshotPath().toString(), status, result.startedAt(), result.finishedAt(),
                result.baseSnapshotName(), baseId(run.hostId(), result.baseSnapshotName()),
                usable ? s.files() : null, usable ? s.totalSize() : null, null, run.id(), clock.instant(), null));
    }

    /**
     * A lost run's snapshot as the disk has it: a finished directory (renamed, with its
     * snapshot.json) is recorded complete or partial with the run as its producer; an
     * {@code .incomplete} one gets its record if it has none. Nothing on disk changes nothing:
     * an unmounted backup disk must not turn records into "missing".
     */
    Optional<Found> reconcileLost(BackupRun run) {
        if (run.dryRun() || run.snapshotName() == null) {
            return Optional.empty();
        }
        Optional<SnapshotName> name = SnapshotName.parse(run.snapshotName());
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<SnapshotRecord> record = snapshots.find(run.hostId(), run.snapshotName());
        // Where the run wrote: the record's path (the backup root may have moved since), else the root's layout.
        Path finished = record.map(r -> Path.of(withoutSuffix(r.path())))
                .orElseGet(() -> new SnapshotLayout(globalConfig.get().backupRoot()).snapshotDir(run.hostName(), name.get()));
        Path incomplete = finished.resolveSibling(finished.getFileName() + SnapshotLayout.INCOMPLETE_SUFFIX);
        Optional<SnapshotMetadata> metadata = finishedMetadata(finished);
        if (metadata.isPresent()) {
            SnapshotMetadata m = metadata.get();
            SnapshotStatus status = "partial".equals(m.status()) ? SnapshotStatus.PARTIAL : SnapshotStatus.COMPLETE;
            TransferStats s = m.stats() == null ? TransferStats.NONE : m.stats();
            long id = upsert(new SnapshotRecord(0, run.hostId(), run.hostName(), run.snapshotName(), finished.toString(),
                    status, m.startedAt(), m.finishedAt(), m.baseSnapshot(), baseId(run.hostId(), m.baseSnapshot()),
                    s.files(), s.totalSize(), null, run.id(), clock.instant(), null));
            return Optional.of(new Found(status, run.snapshotName(), id, m.exitCode(), s));
        }
        if (Files.isDirectory(incomplete, LinkOption.NOFOLLOW_LINKS)) {
            Long id = record.map(SnapshotRecord::id).orElseGet(() -> insertIfAbsent(new SnapshotRecord(0,
                    run.hostId(), run.hostName(), run.snapshotName(), incomplete.toString(), SnapshotStatus.INCOMPLETE,
                    run.startedAt(), null, run.baseSnapshotName(), run.baseSnapshotId(), null, null, null, run.id(),
                    clock.instant(), null)));
            return Optional.of(new Found(record.map(SnapshotRecord::status).orElse(SnapshotStatus.INCOMPLETE),
                    run.snapshotName(), id, null, null));
        }
        return Optional.empty();
    }

    private static String withoutSuffix(String path) {
        return path.endsWith(SnapshotLayout.INCOMPLETE_SUFFIX)
                ? path.substring(0, path.length() - SnapshotLayout.INCOMPLETE_SUFFIX.length()) : path;
    }

    /** snapshot.json of a renamed (finished) snapshot directory, if there is one to read. */
    private static Optional<SnapshotMetadata> finishedMetadata(Path dir) {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            SnapshotMetadata m = SnapshotMetadataFile.read(SnapshotMetadataFile.fileIn(dir));
            return "complete".equals(m.status()) || "partial".equals(m.status()) ? Optional.of(m) : Optional.empty();
        } catch (IOException e) {
            log.warn("cannot read the metadata of {}: {}", dir, e.getMessage());
            return Optional.empty();
        }
    }

    Long baseId(long hostId, String baseName) {
        return baseName == null ? null : snapshots.find(hostId, baseName).map(SnapshotRecord::id).orElse(null);
    }

    /** Inserts the record, or updates the host's record of that name (keeping its sizes and discovery time). */
    private long upsert(SnapshotRecord r) {
        return snapshots.find(r.hostId(), r.name()).map(existing -> {
            snapshots.update(new SnapshotRecord(existing.id(), r.hostId(), r.hostName(), r.name(), r.path(), r.status(),
                    r.startedAt(), r.finishedAt(), r.baseName(), r.baseSnapshotId(), r.fileCount(), r.totalBytes(),
                    existing.uniqueBytes(), r.runId(), existing.discoveredAt(), null));
            return existing.id();
        }).orElseGet(() -> insertIfAbsent(r));
    }

    /** Inserts the record unless the host has one of that name (discovery may have made it meanwhile). */
    private long insertIfAbsent(SnapshotRecord r) {
        Optional<SnapshotRecord> existing = snapshots.find(r.hostId(), r.name());
        if (existing.isPresent()) {
            return existing.get().id();
        }
        try {
            return snapshots.insert(r);
        } catch (org.springframework.dao.DataAccessException raced) {
            return snapshots.find(r.hostId(), r.name()).map(SnapshotRecord::id).orElseThrow(() -> raced);
        }
    }
}
