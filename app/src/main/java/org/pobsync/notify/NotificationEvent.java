package org.pobsync.notify;

import java.time.Instant;

/**
 * One outbox event: something an operator is told about. {@code subject} is what it is about
 * (a host name, "backup root", "worker@backup1"); {@code hostName} is set when that is a host,
 * which is what channels limited to some hosts filter on.
 */
public record NotificationEvent(long id, EventKind kind, AlertKind alertKind, String subject, String hostName,
                                String state, String previousState, String message, Instant createdAt) {

    /** One line: "web1 is failing", "web1 recovered", "backup root is still low". */
    public String title() {
        return switch (kind) {
            case CHANGE -> subject + " is " + words(state);
            case RECOVERED -> subject + " recovered";
            case REMINDER -> subject + " is still " + words(state);
            case DIGEST -> "daily digest";
            case TEST -> "test message";
            case PING -> subject + ": ping " + state;
        };
    }

    /** Whether this is bad news (for the priority of a push message). */
    public boolean bad() {
        return kind == EventKind.CHANGE || kind == EventKind.REMINDER;
    }

    private static String words(String state) {
        return state == null ? "" : state.replace('_', ' ');
    }
}
