package org.pobsync.status;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.db.Database;
import org.pobsync.db.Migrations;
import org.pobsync.db.Rows;
import org.pobsync.engine.Transport;
import org.pobsync.engine.layout.DiskUsage;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunService;
import org.pobsync.runs.RunStatus;
import org.pobsync.schedule.Schedule;
import org.pobsync.schedule.ScheduleService;
import org.pobsync.settings.PobsyncVersion;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotRepository;

/** The at-a-glance state of the server, shared by `pobsync status`, the dashboard and /api/status/. */
public final class StatusService {

    /** A host is stale when its last good snapshot is older than this many hours. */
    public static final long STALE_AFTER_HOURS = 36;

    public record HostStatus(Host host, BackupRun lastRun, SnapshotRecord lastGood, Schedule schedule,
                             boolean stale) {
    }


    public record Report(String version, String database, boolean migrationsCurrent, GlobalConfig config,
                         DiskUsage backupRoot, List<HostStatus> hosts, long queued, long running,
                         List<Heartbeats.Heartbeat> heartbeats, Instant generatedAt) {
    }

    private final Database db;
    private final Migrations migrations;
    private final GlobalConfigService globalConfig;
    private final HostService hosts;
    private final ScheduleService schedules;
    private final RunService runs;
    private final SnapshotRepository snapshots;
    private final Heartbeats heartbeats;
    private final Clock clock;

    public StatusService(Database db, Migrations migrations, GlobalConfigService globalConfig, HostService hosts,
                         ScheduleService schedules, RunService runs, SnapshotRepository snapshots,
                         Heartbeats heartbeats, Clock clock) {
        this.db = db;
        this.migrations = migrations;
        this.globalConfig = globalConfig;
        this.hosts = hosts;
        this.schedules = schedules;
        this.runs = runs;
        this.snapshots = snapshots;
        this.heartbeats = heartbeats;
        this.clock = clock;
    }

    public Report report() {
        Instant now = clock.instant();
        GlobalConfig config = globalConfig.get();
        return new Report(PobsyncVersion.get(), databaseKind(),
                migrations.current(), config, DiskUsage.of(config.backupRoot()), hostStatuses(),
                runs.count(null, RunStatus.QUEUED), runs.count(null, RunStatus.RUNNING), heartbeats.all(), now);
    }

    /** The newest finished run of a host that was not a dry run (for /metrics). */
    public record LastFinishedRun(String host, RunStatus status, java.time.Duration duration, Long bytesTransferred) {
    }

    /** How many snapshot records of one host are in one status, and their sizes (for /metrics). */
    public record SnapshotTotals(String host, String status, long count, long totalBytes, long uniqueBytes) {
    }

    /** {@link LastFinishedRun} of every host that has one, in one query. */
    public List<LastFinishedRun> lastFinishedRuns() {
        return db.jdbc().sql("SELECT h.name AS host_name, r.status, r.started_at, r.finished_at,"
                        + " r.bytes_transferred FROM host h JOIN backup_run r ON r.id = (SELECT MAX(r2.id)"
                        + " FROM backup_run r2 WHERE r2.host_id = h.id AND r2.finished_at IS NOT NULL"
                        + " AND r2.dry_run = ?)")
                .param(false)
                .query((rs, n) -> {
                    long started = rs.getLong("started_at");
                    boolean neverStarted = rs.wasNull();
                    long bytes = rs.getLong("bytes_transferred");
                    Long transferred = rs.wasNull() ? null : bytes;
                    java.time.Duration d = neverStarted ? null
                            : java.time.Duration.ofMillis(Math.max(0, rs.getLong("finished_at") - started));
                    return new LastFinishedRun(rs.getString("host_name"), RunStatus.parse(rs.getString("status")), d,
                            transferred);
                }).list();
    }

    /** {@link SnapshotTotals} per host and status, in one grouped query. */
    public List<SnapshotTotals> snapshotTotals() {
        return db.jdbc().sql("SELECT h.name AS host_name, s.status, COUNT(*) AS n,"
                        + " COALESCE(SUM(s.total_bytes), 0) AS total_bytes, COALESCE(SUM(s.unique_bytes), 0) AS unique_bytes"
                        + " FROM snapshot_record s JOIN host h ON h.id = s.host_id GROUP BY h.name, s.status")
                .query((rs, n) -> new SnapshotTotals(rs.getString("host_name"), rs.getString("status"), rs.getLong("n"),
                        rs.getLong("total_bytes"), rs.getLong("unique_bytes"))).list();
    }

    /** How many runs are in {@code status} right now. */
    public long runCount(RunStatus status) {
        return runs.count(null, status);
    }

    /** Size and free space of the backup root's file system. */
    public DiskUsage backupRootUsage() {
        return DiskUsage.of(globalConfig.get().backupRoot());
    }

    /** "sqlite" or "mariadb". */
    public String databaseKind() {
        return db.dialect().name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Every host with its last run, last good snapshot and schedule, in a constant number of
     * queries however many hosts there are (the dashboard and the host list show all of them).
     */
    public List<HostStatus> hostStatuses() {
        Instant now = clock.instant();
        Map<Long, BackupRun> lastRuns = new HashMap<>();
        runs.latestPerHost().forEach(r -> lastRuns.put(r.hostId(), r));
        Map<Long, SnapshotRecord> lastGood = new HashMap<>();
        snapshots.latestUsablePerHost().forEach(s -> lastGood.put(s.hostId(), s));
        Map<Long, Schedule> byHost = new HashMap<>();
        schedules.list().forEach(s -> byHost.put(s.hostId(), s));
        List<HostStatus> result = new ArrayList<>();
        for (Host h : hosts.list()) {
            SnapshotRecord good = lastGood.get(h.id());
            result.add(new HostStatus(h, lastRuns.get(h.id()), good, byHost.get(h.id()), stale(h, good, now)));
        }
        return result;
    }

    /**
     * {@link HostSummary} of every host, by name, in one query: the newest run and the newest
     * usable snapshot come from correlated subqueries that both databases answer with one index
     * seek per host (ix_run_host_id, uq_snapshot_host_name).
     */
    public List<HostSummary> hostSummaries() {
        Instant now = clock.instant();
        return db.jdbc().sql("SELECT h.id, h.name, h.address, h.transport, h.enabled,"
                        + " r.id AS run_id, r.status AS run_status, r.queued_at AS run_at,"
                        + " s.id AS snapshot_id, s.name AS snapshot_name,"
                        + " COALESCE(s.finished_at, s.started_at) AS snapshot_at,"
                        + " sc.cron_expression, sc.enabled AS schedule_enabled, sc.next_run_at"
                        + " FROM host h"
                        + " LEFT JOIN backup_run r ON r.id = (SELECT MAX(r2.id) FROM backup_run r2 WHERE r2.host_id = h.id)"
                        + " LEFT JOIN snapshot_record s ON s.id = (SELECT s2.id FROM snapshot_record s2"
                        + "   WHERE s2.host_id = h.id AND s2.status IN ('complete', 'partial') ORDER BY s2.name DESC LIMIT 1)"
                        + " LEFT JOIN backup_schedule sc ON sc.host_id = h.id"
                        + " ORDER BY h.name")
                .query((rs, n) -> {
                    boolean enabled = rs.getBoolean("enabled");
                    Instant goodAt = Rows.instant(rs, "snapshot_at");
                    String runStatus = rs.getString("run_status");
                    String cron = rs.getString("cron_expression");
                    return new HostSummary(rs.getLong("id"), rs.getString("name"), rs.getString("address"),
                            Transport.valueOf(rs.getString("transport").toUpperCase(java.util.Locale.ROOT)), enabled,
                            Rows.longValue(rs, "run_id"), runStatus == null ? null : RunStatus.parse(runStatus),
                            Rows.instant(rs, "run_at"), Rows.longValue(rs, "snapshot_id"),
                            rs.getString("snapshot_name"), goodAt, cron,
                            cron == null ? null : rs.getBoolean("schedule_enabled"), Rows.instant(rs, "next_run_at"),
                            stale(enabled, goodAt, now));
                })
                .list();
    }

    public HostStatus hostStatus(Host h, Instant now) {
        BackupRun last = runs.latest(h.id()).orElse(null);
        SnapshotRecord good = snapshots.latestUsable(h.id()).orElse(null);
        Schedule schedule = schedules.forHost(h.name()).orElse(null);
        return new HostStatus(h, last, good, schedule, stale(h, good, now));
    }

    /** An enabled host whose newest usable snapshot is missing or older than {@link #STALE_AFTER_HOURS}. */
    static boolean stale(Host h, SnapshotRecord good, Instant now) {
        return stale(h.enabled(), good == null ? null : (good.finishedAt() != null ? good.finishedAt() : good.startedAt()),
                now);
    }

    static boolean stale(boolean enabled, Instant goodAt, Instant now) {
        return enabled && (goodAt == null || goodAt.plusSeconds(STALE_AFTER_HOURS * 3600).isBefore(now));
    }

}
