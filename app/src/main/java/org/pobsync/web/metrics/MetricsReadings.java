package org.pobsync.web.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.pobsync.app.AppContext;
import org.pobsync.runs.RunStatus;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.status.StatusService;

/**
 * One reading of everything /metrics exposes, taken from the database when Prometheus scrapes:
 * a fixed handful of queries whatever the number of hosts and runs (per-host values come from
 * grouped or correlated queries, never one query per host).
 */
record MetricsReadings(List<HostReading> hosts, List<LastFinishedRun> lastFinished, List<SnapshotGroup> snapshots,
                       long queued, long running, List<HeartbeatAge> heartbeats, StatusService.DiskUsage disk) {

    record HostReading(String host, boolean enabled, boolean stale, Instant lastSuccess, RunStatus lastRunStatus) {
    }

    /** The newest finished run of a host that was not a dry run. */
    record LastFinishedRun(String host, RunStatus status, Duration duration, Long bytesTransferred) {
    }

    record SnapshotGroup(String host, String status, long count, long totalBytes, long uniqueBytes) {
    }

    record HeartbeatAge(String component, String hostname, double ageSeconds) {
    }

    static MetricsReadings read(AppContext app) {
        Instant now = app.clock().instant();
        List<HostReading> hosts = new ArrayList<>();
        for (StatusService.HostStatus h : app.status().hostStatuses()) {
            Instant good = h.lastGood() == null ? null
                    : h.lastGood().finishedAt() != null ? h.lastGood().finishedAt() : h.lastGood().startedAt();
            hosts.add(new HostReading(h.host().name(), h.host().enabled(), h.stale(), good,
                    h.lastRun() == null ? null : h.lastRun().status()));
        }
        var db = app.database().jdbc();
        List<LastFinishedRun> finished = db.sql("SELECT h.name AS host_name, r.status, r.started_at, r.finished_at,"
                        + " r.bytes_transferred FROM host h JOIN backup_run r ON r.id = (SELECT MAX(r2.id)"
                        + " FROM backup_run r2 WHERE r2.host_id = h.id AND r2.finished_at IS NOT NULL"
                        + " AND r2.dry_run = ?)")
                .param(false)
                .query((rs, n) -> {
                    long started = rs.getLong("started_at");
                    boolean neverStarted = rs.wasNull();
                    long bytes = rs.getLong("bytes_transferred");
                    Long transferred = rs.wasNull() ? null : bytes;
                    Duration d = neverStarted ? null : Duration.ofMillis(Math.max(0, rs.getLong("finished_at") - started));
                    return new LastFinishedRun(rs.getString("host_name"), RunStatus.parse(rs.getString("status")), d,
                            transferred);
                }).list();
        List<SnapshotGroup> snapshots = db.sql("SELECT h.name AS host_name, s.status, COUNT(*) AS n,"
                        + " COALESCE(SUM(s.total_bytes), 0) AS total_bytes, COALESCE(SUM(s.unique_bytes), 0) AS unique_bytes"
                        + " FROM snapshot_record s JOIN host h ON h.id = s.host_id GROUP BY h.name, s.status")
                .query((rs, n) -> new SnapshotGroup(rs.getString("host_name"), rs.getString("status"), rs.getLong("n"),
                        rs.getLong("total_bytes"), rs.getLong("unique_bytes"))).list();
        List<HeartbeatAge> beats = new ArrayList<>();
        for (Heartbeats.Heartbeat hb : app.heartbeats().all()) {
            beats.add(new HeartbeatAge(hb.component(), hb.hostname(),
                    Math.max(0, Duration.between(hb.lastSeenAt(), now).toMillis() / 1000.0)));
        }
        return new MetricsReadings(hosts, finished, snapshots,
                app.runs().repository().count(null, RunStatus.QUEUED),
                app.runs().repository().count(null, RunStatus.RUNNING), beats,
                StatusService.disk(app.globalConfig().get().backupRoot()));
    }
}
