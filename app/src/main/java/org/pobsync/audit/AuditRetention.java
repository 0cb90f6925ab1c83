package org.pobsync.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long the audit log keeps its events (POBSYNC_AUDIT_RETENTION_DAYS, default 400 days: a year
 * and a bit, so last year's events can be compared). The worker calls {@link #pruneIfDue} on every
 * pass; it deletes at most once an hour, so the table never grows without bound.
 */
public final class AuditRetention {

    static final Duration EVERY = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger("worker");

    private final AuditLog audit;
    private final Duration keep;
    private final Clock clock;
    private volatile Instant lastRun = Instant.EPOCH;

    public AuditRetention(AuditLog audit, int days, Clock clock) {
        this.audit = audit;
        this.keep = Duration.ofDays(days);
        this.clock = clock;
    }

    /** Deletes the events older than the retention, unless that was done within the last hour. */
    public long pruneIfDue() {
        Instant now = clock.instant();
        if (now.isBefore(lastRun.plus(EVERY))) {
            return 0;
        }
        lastRun = now;
        long deleted = audit.deleteOlderThan(now.minus(keep));
        if (deleted > 0) {
            log.info("audit log: deleted {} event(s) older than {} days", deleted, keep.toDays());
        }
        return deleted;
    }
}
