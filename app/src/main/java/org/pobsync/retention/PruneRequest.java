package org.pobsync.retention;

import java.time.Instant;
import org.pobsync.liveness.WorkerClaim;
import org.pobsync.runs.RunStatus;

/**
 * A retention apply confirmed in the panel, for a worker to carry out: queued, running, then
 * succeeded or failed ({@link RunStatus} without warning and cancelled).
 */
public record PruneRequest(long id, long hostId, String hostName, RunStatus status, int maxDelete,
                           String requestedBy, Instant requestedAt, Instant notBefore, Instant startedAt,
                           Instant finishedAt, Instant heartbeatAt, String workerId, String workerHost,
                           Long workerPid, String workerInstance, Integer deletedCount, Long bytesFreed,
                           String summary) {

    /** Who holds this request while it runs (see {@link WorkerClaim#lost}). */
    public WorkerClaim claim() {
        return new WorkerClaim(workerHost, workerPid, workerInstance, heartbeatAt);
    }

    /** Failed because its plan had grown past its max-delete bound. */
    public boolean refusedByBound() {
        return status == RunStatus.FAILED && RetentionService.isBoundRefusal(summary);
    }

    public boolean active() {
        return !status.finished();
    }
}
