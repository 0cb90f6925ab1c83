package org.pobsync.notify;

import java.time.Instant;
import java.util.Locale;
import org.pobsync.liveness.WorkerClaim;

/**
 * One event on its way to one channel (or one host's ping URL): pending, sending (claimed by a
 * notifier), sent, or failed (given up, or its channel was removed). {@code attempts} counts the
 * claims. {@code maybeSent}: an earlier attempt may have reached the receiver (its notifier died
 * while sending, or the send timed out), so the next one is marked as a retry.
 */
public record Delivery(long id, long eventId, Long channelId, String target, Status status, int attempts,
                       Instant nextAttemptAt, Instant claimedAt, String workerHost, Long workerPid,
                       String workerInstance, Instant sentAt, String lastError, boolean maybeSent,
                       Instant createdAt) {

    public enum Status {
        PENDING, SENDING, SENT, FAILED;

        public String dbValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Who holds it while it is being sent; the claim time is its heartbeat (a send is short). */
    public WorkerClaim claim() {
        return new WorkerClaim(workerHost, workerPid, workerInstance, claimedAt);
    }

    public boolean retry() {
        return maybeSent;
    }
}
