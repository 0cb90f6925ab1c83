package org.pobsync.runs;

import java.time.Instant;

/**
 * A run as the CLI's {@code runs --json} and the API show it. Field names are a contract
 * (docs/api.md): add fields, never rename them.
 */
public record RunJson(long id, String host, String status, String trigger, boolean dryRun, boolean prune,
                      Instant queuedAt, Instant startedAt, Instant finishedAt, Long durationSeconds,
                      String snapshot, String baseSnapshot, Integer exitCode, String error, Long filesTotal,
                      Long filesTransferred, Long bytesTransferred, Long totalSize, Integer progressPercent,
                      boolean cancelRequested, String workerId) {

    public static RunJson of(BackupRun r, Instant now) {
        java.time.Duration d = r.duration(now);
        return new RunJson(r.id(), r.hostName(), r.status().dbValue(), r.trigger().dbValue(), r.dryRun(), r.prune(),
                r.queuedAt(), r.startedAt(), r.finishedAt(), d == null ? null : d.toSeconds(), r.snapshotName(),
                r.baseSnapshotName(), r.rsyncExitCode(), r.errorSummary(), r.filesTotal(), r.filesTransferred(),
                r.bytesTransferred(), r.totalSize(), r.progressPercent(), r.cancelRequested(), r.workerId());
    }
}
