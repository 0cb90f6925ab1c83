package org.pobsync.web.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pobsync.engine.layout.DiskUsage;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.notify.AlertKind;
import org.pobsync.notify.NotificationService;
import org.pobsync.runs.RunStatus;
import org.pobsync.status.HostSummary;
import org.pobsync.status.HostVerdict;
import org.pobsync.status.StatusService;

/**
 * One reading of everything /metrics exposes, taken from the database when Prometheus scrapes:
 * a fixed handful of queries whatever the number of hosts and runs (per-host values come from
 * grouped or correlated queries, never one query per host).
 */
record MetricsReadings(List<HostReading> hosts, List<StatusService.LastFinishedRun> lastFinished,
                       List<StatusService.SnapshotTotals> snapshots, long queued, long running,
                       List<HeartbeatAge> heartbeats, DiskUsage disk, Map<String, Long> deliveries,
                       Map<String, Long> alerts) {

    /** {@code lastGood}: the newest snapshot that counts as good for the host ({@link HostVerdict#lastGoodAt}). */
    record HostReading(String host, boolean enabled, HostVerdict health, Instant lastGood, RunStatus lastRunStatus) {
    }

    record HeartbeatAge(String component, String hostname, double ageSeconds) {
    }

    static MetricsReadings read(StatusService status, Heartbeats heartbeats, NotificationService notifications,
                                Clock clock) {
        Instant now = clock.instant();
        List<HostReading> hosts = new ArrayList<>();
        for (HostSummary h : status.hostSummaries()) {
            hosts.add(new HostReading(h.name(), h.enabled(), h.health(), h.lastGoodAt(), h.lastRunStatus()));
        }
        List<HeartbeatAge> beats = new ArrayList<>();
        for (Heartbeats.Heartbeat hb : heartbeats.all()) {
            beats.add(new HeartbeatAge(hb.component(), hb.hostname(),
                    Math.max(0, Duration.between(hb.lastSeenAt(), now).toMillis() / 1000.0)));
        }
        Map<String, Long> alerts = new TreeMap<>();
        for (AlertKind k : AlertKind.values()) {
            if (k != AlertKind.DIGEST) {
                alerts.put(k.dbValue(), 0L);
            }
        }
        notifications.activeAlerts().forEach(a -> alerts.merge(a.kind(), 1L, Long::sum));
        return new MetricsReadings(hosts, status.lastFinishedRuns(), status.snapshotTotals(),
                status.runCount(RunStatus.QUEUED), status.runCount(RunStatus.RUNNING), beats, status.backupRootUsage(),
                notifications.deliveriesByStatus(), alerts);
    }
}
