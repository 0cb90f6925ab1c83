package org.pobsync.engine;

/** The state of a snapshot directory as the engine left it. */
public enum SnapshotState {
    /** Renamed into place; every file arrived. */
    COMPLETE,
    /** Renamed into place, but rsync reported files it could not transfer (exit 23). */
    PARTIAL,
    /** Still {@code <name>.incomplete}: failed, cancelled or interrupted. Never a base. */
    INCOMPLETE;

    public String dbValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
