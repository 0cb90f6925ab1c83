package org.pobsync.runs;

import java.util.Locale;

/** Who asked for a run. */
public enum RunTrigger {
    MANUAL, SCHEDULE, CLI;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
