package org.pobsync.snapshots;

import java.util.Locale;

/** A snapshot record's state (SPEC section 3). */
public enum SnapshotStatus {
    COMPLETE, PARTIAL, INCOMPLETE, DELETING, DELETED, MISSING;

    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SnapshotStatus parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }

    /** Complete or partial: renamed into place and usable as a base or a restore source. */
    public boolean usable() {
        return this == COMPLETE || this == PARTIAL;
    }

    /** Still has a directory on disk as far as the database knows. */
    public boolean onDisk() {
        return this != DELETED && this != MISSING;
    }
}
