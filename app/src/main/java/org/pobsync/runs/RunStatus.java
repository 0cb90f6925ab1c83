package org.pobsync.runs;

import java.util.Locale;

/** The life of a backup run: queued → running → one of the four end states. */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, WARNING, FAILED, CANCELLED;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }

    public static RunStatus parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("unknown run status '" + value
                    + "': use queued, running, succeeded, warning, failed or cancelled");
        }
    }
}
