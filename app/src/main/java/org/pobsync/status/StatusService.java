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

    /**
     * A host with its newest run (any status), its newest snapshot that counts as good (complete,
     * or partial where the host allows it), its schedule and its state.
     */
    public record HostStatus(Host host, BackupRun lastRun, SnapshotRecord lastGood, Schedule schedule,
                             HostVerdict health) {

        public HostState state() {
            return health.state();
        }
    }


    public record Report(String version, String database, boolean migrationsCurrent, GlobalConfig config,
                         DiskUsage backupRoot, List<HostSummary> hosts, long queued, long running,
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
    private final AlertSettingsRepository alertSettings;
    private final HostOverviewQuery overview;
    private final Clock clock;

    public StatusService(Database db, Migrations migrations, GlobalConfigService globalConfig, HostService hosts,
                         ScheduleService schedules, RunService runs, SnapshotRepository snapshots,
                         Heartbeats heartbeats, AlertSettingsRepository alertSettings, Clock clock) {
        this.db = db;
        this.migrations = migrations;
        this.globalConfig = globalConfig;
        this.hosts = hosts;
        this.schedules = schedules;
        this.runs = runs;
        this.snapshots = snapshots;
        this.heartbeats = heartbeats;
        this.alertSettings = alertSettings;
        this.overview = new HostOverviewQuery(db);
        this.clock = clock;
    }

    public Report report() {
        return report(hostSummaries());
    }

    /** {@link #report()} with an overview already taken ({@link HostOverview}). */
    public Report report(List<HostSummary> hosts) {
        Instant now = clock.instant();
        GlobalConfig config = globalConfig.get();
        return new Report(PobsyncVersion.get(), databaseKind(),
                migrations.current(), config, DiskUsage.of(config.backupRoot()), hosts,
                runs.count(null, RunStatus.QUEUED), runs.count(null, RunStatus.RUNNING), heartbeats.all(), now);
    }

    /** The newest finished backup run of a host that was not a dry run (for /metrics). */
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
                        + " AND r2.dry_run = ? AND r2.kind = 'backup')")
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
        // Grouped by host id inside, so both databases sum from the covering index in its order
        // (ix_snapshot_host_status_sizes) and look up only one name per group.
        return db.jdbc().sql("SELECT h.name AS host_name, t.status, t.n, t.total_bytes, t.unique_bytes FROM"
                        + " (SELECT s.host_id, s.status, COUNT(*) AS n, COALESCE(SUM(s.total_bytes), 0) AS total_bytes,"
                        + " COALESCE(SUM(s.unique_bytes), 0) AS unique_bytes FROM snapshot_record s"
                        + " GROUP BY s.host_id, s.status) t JOIN host h ON h.id = t.host_id")
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
     * Every host with its last run, last good snapshot, schedule and state, in a constant number
     * of queries however many hosts there are (the API and {@code pobsync status} list them all).
     */
    public List<HostStatus> hostStatuses() {
        Map<Long, BackupRun> lastRuns = new HashMap<>();
        runs.latestPerHost().forEach(r -> lastRuns.put(r.hostId(), r));
        Map<Long, Schedule> byHost = new HashMap<>();
        schedules.list().forEach(s -> byHost.put(s.hostId(), s));
        Map<Long, HostSummary> summaries = new HashMap<>();
        hostSummaries().forEach(s -> summaries.put(s.id(), s));
        Map<Long, SnapshotRecord> good = new HashMap<>();
        snapshots.findAllById(summaries.values().stream().map(HostSummary::lastGoodId)
                .filter(java.util.Objects::nonNull).toList()).forEach(s -> good.put(s.id(), s));
        List<HostStatus> result = new ArrayList<>();
        for (Host h : hosts.list()) {
            HostSummary sum = summaries.get(h.id());
            if (sum == null) {
                continue; // added after the overview was read
            }
            result.add(new HostStatus(h, lastRuns.get(h.id()), sum.lastGoodId() == null ? null : good.get(sum.lastGoodId()),
                    byHost.get(h.id()), sum.health()));
        }
        return result;
    }

    /**
     * {@link HostSummary} of every host, by name, in one query ({@link HostOverviewQuery}), each
     * with its state from {@link HostHealth}.
     */
    public List<HostSummary> hostSummaries() {
        return overview.all(alertSettings.get(), clock.instant());
    }

    public HostStatus hostStatus(Host h, Instant now) {
        HostSummary sum = overview.one(h.id(), alertSettings.get(), now).stream().findFirst()
                .orElseThrow(() -> new org.pobsync.validation.NotFoundException("host " + h.name() + " does not exist"));
        BackupRun last = runs.latest(h.id()).orElse(null);
        SnapshotRecord good = sum.lastGoodId() == null ? null : snapshots.findById(sum.lastGoodId()).orElse(null);
        Schedule schedule = schedules.forHost(h.name()).orElse(null);
        return new HostStatus(h, last, good, schedule, sum.health());
    }
}
