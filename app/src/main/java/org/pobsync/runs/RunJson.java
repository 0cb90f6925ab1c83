package org.pobsync.runs;

import java.time.Instant;
import java.util.List;

/**
 * A run as the CLI's {@code runs --json} and the API show it. Field names are a contract
 * (docs/api.md): add fields, never rename them.
 *
 * @param kind    {@code backup} or {@code restore}
 * @param restore what a restore run restores and where; null for a backup
 */
public record RunJson(long id, String host, String status, String trigger, boolean dryRun, boolean prune,
                      Instant queuedAt, Instant startedAt, Instant finishedAt, Long durationSeconds,
                      String snapshot, String baseSnapshot, Integer exitCode, String error, Long filesTotal,
                      Long filesTransferred, Long bytesTransferred, Long totalSize, Integer progressPercent,
                      boolean cancelRequested, String workerId, String kind, Restore restore) {

    /** The restore part of a run: the snapshot read, its paths, the host and directory written to. */
    public record Restore(String snapshot, List<String> paths, String targetHost, String targetDir, boolean delete,
                          String requestedBy) {
    }

    public static RunJson of(BackupRun r, Instant now) {
        java.time.Duration d = r.duration(now);
        RestoreSpec s = r.restore();
        Restore restore = s == null ? null
                : new Restore(s.snapshot(), s.paths(), s.targetHostName(), s.targetDir(), s.delete(), s.requestedBy());
        return new RunJson(r.id(), r.hostName(), r.status().dbValue(), r.trigger().dbValue(), r.dryRun(), r.prune(),
                r.queuedAt(), r.startedAt(), r.finishedAt(), d == null ? null : d.toSeconds(),
                r.isRestore() ? s.snapshot() : r.snapshotName(),
                r.baseSnapshotName(), r.rsyncExitCode(), r.errorSummary(), r.filesTotal(), r.filesTransferred(),
                r.bytesTransferred(), r.totalSize(), r.progressPercent(), r.cancelRequested(), r.workerId(),
                r.kind().dbValue(), restore);
    }
}
