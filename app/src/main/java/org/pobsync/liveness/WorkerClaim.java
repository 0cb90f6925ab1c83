package org.pobsync.liveness;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Who holds a piece of work (a backup run or a prune request): the worker's machine, process and
 * process instance, and when it last said it was alive. {@link #lost} is the one rule for "this
 * worker is gone" that the run queue and the prune queue both apply.
 */
public record WorkerClaim(String workerHost, Long workerPid, String workerInstance, Instant heartbeatAt) {

    /**
     * Why the holder is gone, or empty while it may still be working:
     * <ul>
     * <li>"process gone": it ran on this machine and its process no longer runs, or the pid is
     *     this process's own but the claim was made by an earlier process instance (a restarted
     *     container's worker is pid 1 again);
     * <li>"no heartbeat since …": from any machine, its heartbeat is older than
     *     {@code staleAfter} (null: this check is skipped).
     * </ul>
     * A claim without a pid (none recorded) is only ever ended by a stale heartbeat.
     */
    public Optional<String> lost(Duration staleAfter, Instant now) {
        if (onThisMachine() && processGone()) {
            return Optional.of("process gone");
        }
        if (staleAfter != null && heartbeatAt != null && heartbeatAt.plus(staleAfter).isBefore(now)) {
            return Optional.of("no heartbeat since " + heartbeatAt);
        }
        return Optional.empty();
    }

    public boolean onThisMachine() {
        return ProcessIdentity.hostname().equals(workerHost);
    }

    private boolean processGone() {
        if (workerPid == null) {
            return false;
        }
        if (workerPid == ProcessIdentity.pid()) {
            return !ProcessIdentity.instance().equals(workerInstance);
        }
        return ProcessHandle.of(workerPid).map(p -> !p.isAlive()).orElse(true);
    }
}
