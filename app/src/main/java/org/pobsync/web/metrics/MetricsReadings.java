package org.pobsync.web.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.pobsync.engine.layout.DiskUsage;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.runs.RunStatus;
import org.pobsync.status.StatusService;

/**
 * One reading of everything /metrics exposes, taken from the database when Prometheus scrapes:
 * a fixed handful of queries whatever the number of hosts and runs (per-host values come from
 * grouped or correlated queries, never one query per host).
 */
record MetricsReadings(List<HostReading> hosts, List<StatusService.LastFinishedRun> lastFinished,
                       List<StatusService.SnapshotTotals> snapshots, long queued, long running,
                       List<HeartbeatAge> heartbeats, DiskUsage disk) {

    record HostReading(String host, boolean enabled, boolean stale, Instant lastSuccess, RunStatus lastRunStatus) {
    }

    record HeartbeatAge(String component, String hostname, double ageSeconds) {
    }

    static MetricsReadings read(StatusService status, Heartbeats heartbeats, Clock clock) {
        Instant now = clock.instant();
        List<HostReading> hosts = new ArrayList<>();
        for (StatusService.HostStatus h : status.hostStatuses()) {
            Instant good = h.lastGood() == null ? null
                    : h.lastGood().finishedAt() != null ? h.lastGood().finishedAt() : h.lastGood().startedAt();
            hosts.add(new HostReading(h.host().name(), h.host().enabled(), h.stale(), good,
                    h.lastRun() == null ? null : h.lastRun().status()));
        }
        List<HeartbeatAge> beats = new ArrayList<>();
        for (Heartbeats.Heartbeat hb : heartbeats.all()) {
            beats.add(new HeartbeatAge(hb.component(), hb.hostname(),
                    Math.max(0, Duration.between(hb.lastSeenAt(), now).toMillis() / 1000.0)));
        }
        return new MetricsReadings(hosts, status.lastFinishedRuns(), status.snapshotTotals(),
                status.runCount(RunStatus.QUEUED), status.runCount(RunStatus.RUNNING), beats, status.backupRootUsage());
    }
}
