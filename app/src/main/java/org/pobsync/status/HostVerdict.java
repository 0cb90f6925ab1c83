package org.pobsync.status;

import java.time.Instant;

/**
 * The state of one host and why, as {@link HostHealth#assess} decided it.
 *
 * @param lastGoodAt       when the newest snapshot that counts as good finished (null: none)
 * @param firstBackupDue   a new host without a good snapshot yet, still within its grace period
 * @param reason           one sentence for the operator; null for a plain "ok"
 */
public record HostVerdict(HostState state, Instant lastGoodAt, Expectation expectation, boolean firstBackupDue,
                          String reason) {

    /** The word the panel and the CLI show: the state, or "no backup yet" for a new host. */
    public String label() {
        if (state == HostState.OK && firstBackupDue) {
            return "no backup yet";
        }
        return state == HostState.NEVER ? "never backed up" : state.dbValue();
    }

    /** The key the panel styles the label by: the state, or "new" for "no backup yet". */
    public String labelKey() {
        return state == HostState.OK && firstBackupDue ? "new" : state.dbValue();
    }

    /**
     * No good snapshot within the expectation: the meaning the API's and the metrics' older
     * {@code stale} fields keep.
     */
    public boolean stale() {
        return state == HostState.LATE || state == HostState.NEVER;
    }
}
