package org.pobsync.status;

import java.util.Collection;

/** How many hosts are in each state (the dashboard's tile, /api/status/). */
public record StateCounts(int ok, int late, int failing, int never, int disabled) {

    /** The states of these hosts, counted. */
    public static StateCounts ofHosts(Collection<HostSummary> hosts) {
        return of(hosts.stream().map(HostSummary::state).toList());
    }

    public static StateCounts of(Collection<HostState> states) {
        int[] n = new int[HostState.values().length];
        states.forEach(s -> n[s.ordinal()]++);
        return new StateCounts(n[HostState.OK.ordinal()], n[HostState.LATE.ordinal()],
                n[HostState.FAILING.ordinal()], n[HostState.NEVER.ordinal()], n[HostState.DISABLED.ordinal()]);
    }

    /** Hosts an operator must look at: late, failing or never backed up. */
    public int bad() {
        return late + failing + never;
    }
}
