package org.pobsync.audit;

import java.time.Instant;

/**
 * Who did what, when: config edits, queued and cancelled runs, prunes, key changes, logins. An
 * event that repeats (a failed login hammered from one address) is one row: {@code repeatCount}
 * times between {@code occurredAt} and {@code lastOccurredAt}.
 */
public record AuditEvent(long id, Instant occurredAt, String actor, String action, String target,
                         String detail, String remoteAddr, int repeatCount, Instant lastOccurredAt) {

    public boolean repeated() {
        return repeatCount > 1;
    }
}
