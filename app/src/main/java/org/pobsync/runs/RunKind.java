package org.pobsync.runs;

import java.util.Locale;

/** What a run does: back a host up, or restore paths of a snapshot to a host (SPEC section 13). */
public enum RunKind {
    BACKUP, RESTORE;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static RunKind parse(String value) {
        return value == null ? BACKUP : valueOf(value.toUpperCase(Locale.ROOT));
    }
}
