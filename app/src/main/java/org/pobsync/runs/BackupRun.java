package org.pobsync.runs;

import java.time.Duration;
import java.time.Instant;
import org.pobsync.liveness.WorkerClaim;

/**
 * One run of one host: a backup (or dry run), or a restore of a snapshot's paths ({@code restore}
 * is null for a backup); its request, its progress and how it ended.
 */
public record BackupRun(long id, long hostId, String hostName, RunTrigger trigger, boolean dryRun, boolean prune,
                        RunStatus status, boolean cancelRequested, Instant queuedAt, Instant startedAt,
                        Instant finishedAt, Instant heartbeatAt, String workerId, String workerHost,
                        Long workerPid, Long rsyncPid, String snapshotName, Long snapshotId,
                        String baseSnapshotName, Long baseSnapshotId, Integer rsyncExitCode, String errorSummary,
                        Long filesTotal, Long filesTransferred, Long bytesTransferred, Long totalSize,
                        Integer progressPercent, Long progressRate, Long progressEtaSeconds, String commandLine,
                        String logPath, String logTail, Instant notBefore, String workerInstance, RunKind kind,
                        RestoreSpec restore) {

    /** True for a restore run; {@link #restore} then says what and where. */
    public boolean isRestore() {
        return kind == RunKind.RESTORE;
    }

    /**
     * The error to show beside the status badge: null when there is none or when it only repeats
     * the status ("cancelled" under a cancelled badge says it twice).
     */
    public String problem() {
        return errorSummary == null || errorSummary.equalsIgnoreCase(status.dbValue()) ? null : errorSummary;
    }

    /** What the byte count means: a dry run only says what it would have sent. */
    public String transferLabel() {
        return dryRun ? "Would transfer" : "Transferred";
    }

    /** Who holds this run while it runs (see {@link WorkerClaim#lost}). */
    public WorkerClaim claim() {
        return new WorkerClaim(workerHost, workerPid, workerInstance, heartbeatAt);
    }

    /** The run failed because the host presented another key than the pinned one (the engine's wording). */
    public boolean hostKeyChanged() {
        return hostKeyChanged(status, errorSummary);
    }

    public static boolean hostKeyChanged(RunStatus status, String errorSummary) {
        return status == RunStatus.FAILED && errorSummary != null && errorSummary.contains("host key changed");
    }

    /** Wall time so far (running) or in total (finished); null before start. */
    public Duration duration(Instant now) {
        if (startedAt == null) {
            return null;
        }
        return Duration.between(startedAt, finishedAt != null ? finishedAt : now);
    }
}
