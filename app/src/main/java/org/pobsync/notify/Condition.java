package org.pobsync.notify;

/**
 * One alert condition as it is right now: a host's state, the backup root's space, a service's
 * heartbeat, a schedule, a prune, a host key. {@code bad} conditions are reported when they
 * start, change and (with reminders) last; a condition that was bad and is now good is reported
 * as recovered, unless it is {@code quiet} (a host was disabled, a service decommissioned).
 */
record Condition(AlertKind kind, String subject, String hostName, String state, boolean bad, boolean quiet,
                 String message) {

    static Condition bad(AlertKind kind, String subject, String hostName, String state, String message) {
        return new Condition(kind, subject, hostName, state, true, false, message);
    }

    static Condition good(AlertKind kind, String subject, String hostName, String state, String message) {
        return new Condition(kind, subject, hostName, state, false, false, message);
    }

    static Condition quiet(AlertKind kind, String subject, String hostName, String state) {
        return new Condition(kind, subject, hostName, state, false, true, null);
    }

    String key() {
        return kind.dbValue() + ":" + subject;
    }
}
