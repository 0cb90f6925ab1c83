package org.pobsync.audit;

import java.time.Instant;

/** Who did what, when: config edits, queued and cancelled runs, prunes, key changes, logins. */
public record AuditEvent(long id, Instant occurredAt, String actor, String action, String target,
                         String detail, String remoteAddr) {
}
