package org.pobsync.status;

/**
 * One host's alert settings; null fields take the defaults (expectation from the schedule or
 * the global default, failing after one failed run, no ping).
 */
public record HostAlertSettings(long hostId, Integer expectEveryHours, Integer failingAfterRuns, boolean partialIsGood,
                                String pingUrl) {

    public static final int DEFAULT_FAILING_AFTER = 1;

    public static HostAlertSettings defaults(long hostId) {
        return new HostAlertSettings(hostId, null, null, false, null);
    }

    public int failingAfter() {
        return failingAfterRuns == null ? DEFAULT_FAILING_AFTER : failingAfterRuns;
    }
}
