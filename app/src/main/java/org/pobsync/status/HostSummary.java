package org.pobsync.status;

import java.time.Instant;
import org.pobsync.engine.Transport;
import org.pobsync.runs.RunStatus;

/**
 * One line of the host overview (dashboard, host list): the host, its newest run, its newest
 * snapshot that counts as good, its schedule and its state, read for every host in one query.
 * Unlike {@link StatusService.HostStatus} it carries only what a table row shows, so 1,000 hosts
 * cost 1,000 short rows, not 1,000 full hosts, runs (with log tails) and snapshots.
 */
public record HostSummary(long id, String name, String address, Transport transport, boolean enabled,
                          Long lastRunId, RunStatus lastRunStatus, Instant lastRunAt,
                          Long lastGoodId, String lastGoodName, Instant lastGoodAt,
                          String cronExpression, Boolean scheduleEnabled, Instant nextRunAt, HostVerdict health) {

    public HostState state() {
        return health.state();
    }

    /** In a bad state, or its newest run failed or ended with a warning. */
    public boolean needsAttention() {
        return health.state().bad() || lastRunStatus == RunStatus.FAILED || lastRunStatus == RunStatus.WARNING;
    }

    public boolean hasSchedule() {
        return cronExpression != null;
    }
}
