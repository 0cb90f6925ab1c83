package org.pobsync.engine;

/** How a backup run ended, as the operator sees it. */
public enum RunOutcome {
    SUCCEEDED, WARNING, FAILED, CANCELLED;

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
