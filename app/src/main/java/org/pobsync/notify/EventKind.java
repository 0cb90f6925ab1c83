package org.pobsync.notify;

import java.util.Locale;

/** What an outbox event is; the generic webhook body's {@code event}. */
public enum EventKind {
    /** A condition became bad, or changed from one bad state to another. */
    CHANGE,
    /** A condition that was bad is good again. */
    RECOVERED,
    /** A condition is still bad (every reminder interval). */
    REMINDER,
    /** The daily digest of every host. */
    DIGEST,
    /** "Send test" from the panel or the CLI. */
    TEST,
    /** A healthchecks-style ping of a host's run: start, success or fail. */
    PING;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventKind parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
