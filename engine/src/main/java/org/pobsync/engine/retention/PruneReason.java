package org.pobsync.engine.retention;

/** Why a snapshot is pruned. */
public enum PruneReason {
    /** No retention rule selected it (including a newer snapshot having taken its period). */
    NOT_SELECTED("not selected by any rule"),
    /** An incomplete snapshot older than the newest complete one: a failure nobody needs any more. */
    STALE_INCOMPLETE("stale incomplete"),
    /** A previous prune began deleting it and was interrupted; finishing it. */
    INTERRUPTED_PRUNE("interrupted prune");

    private final String label;

    PruneReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
