package org.pobsync.runs;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pobsync.db.Database;
import org.pobsync.db.InList;
import org.pobsync.db.Rows;
import org.pobsync.db.Where;
import org.pobsync.engine.Progress;
import org.pobsync.engine.TransferStats;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/** SQL for backup_run, including the conditional updates that make claims atomic. */
public final class RunRepository {

    static final String SELECT = "SELECT r.*, h.name AS host_name, th.name AS target_host_name FROM backup_run r"
            + " JOIN host h ON h.id = r.host_id LEFT JOIN host th ON th.id = r.restore_target_host_id";

    private final Database db;

    public RunRepository(Database db) {
        this.db = db;
    }

    public Optional<BackupRun> findById(long id) {
        return db.jdbc().sql(SELECT + " WHERE r.id = ?").param(id).query(RunRepository::map).optional();
    }

    /** Newest first, optionally filtered. */
    public List<BackupRun> find(Long hostId, RunStatus status, int limit, int offset) {
        Where where = filter(hostId, status);
        return db.jdbc().sql(SELECT + where.sql() + " ORDER BY r.id DESC LIMIT ? OFFSET ?")
                .params(where.params(limit, offset)).query(RunRepository::map).list();
    }

    /**
     * The newest backup run of every host that has one, in one query: a correlated MAX per host,
     * which both databases answer from the (host_id, id) index with one seek per host. Restores
     * are left out: a host's state is about its backups.
     */
    public List<BackupRun> latestPerHost() {
        return db.jdbc().sql("SELECT r.*, h.name AS host_name, NULL AS target_host_name FROM host h JOIN backup_run r"
                        + " ON r.id = (SELECT MAX(r2.id) FROM backup_run r2 WHERE r2.host_id = h.id"
                        + " AND r2.kind = 'backup')")
                .query(RunRepository::map).list();
    }

    /**
     * Failed runs queued since {@code since} that no later run of the same host has made good,
     * newest first, in one query. A later run makes a failure good when it succeeded and is of the
     * same kind (a backup, a restore), and is a real run or the failure was a dry run: a dry run
     * that succeeds says nothing about a failed backup. The NOT EXISTS is one seek per failure in
     * the (host_id, dry_run, status, id) index.
     */
    public List<BackupRun> findUnresolvedFailures(Instant since, int limit) {
        return db.jdbc().sql(SELECT + " WHERE r.status = 'failed' AND r.queued_at >= ?"
                        + " AND NOT EXISTS (SELECT 1 FROM backup_run s WHERE s.host_id = r.host_id"
                        + " AND s.status = 'succeeded' AND s.id > r.id AND s.kind = r.kind"
                        + " AND (s.dry_run = ? OR r.dry_run = ?))"
                        + " ORDER BY r.id DESC LIMIT ?")
                .params(since.toEpochMilli(), false, true, limit).query(RunRepository::map).list();
    }

    public Optional<BackupRun> findLatestBackup(long hostId) {
        return db.jdbc().sql(SELECT + " WHERE r.host_id = ? AND r.kind = 'backup' ORDER BY r.id DESC LIMIT 1")
                .param(hostId).query(RunRepository::map).optional();
    }

    public List<BackupRun> findByStatus(RunStatus status) {
        return db.jdbc().sql(SELECT + " WHERE r.status = ? ORDER BY r.id").param(status.dbValue())
                .query(RunRepository::map).list();
    }

    /**
     * Queued runs whose host no run holds, oldest first: the candidates a worker may claim. At most
     * {@code limit}, so a long queue costs each claim a bounded read.
     */
    public List<BackupRun> findClaimable(int limit, Instant now) {
        return db.jdbc().sql(SELECT + " WHERE r.status = 'queued' AND h.active_run_id IS NULL"
                        + " AND (r.not_before IS NULL OR r.not_before <= ?)"
                        + " ORDER BY r.queued_at, r.id LIMIT ?")
                .params(now.toEpochMilli(), limit).query(RunRepository::map).list();
    }

    /** The newest queued run's id, 0 when none: one seek of the (status, id) index. */
    public long newestQueuedId() {
        return db.jdbc().sql("SELECT id FROM backup_run WHERE status = 'queued' ORDER BY id DESC LIMIT 1")
                .query(Long.class).optional().orElse(0L);
    }

    public long count(Long hostId, RunStatus status) {
        Where where = filter(hostId, status);
        return db.jdbc().sql("SELECT COUNT(*) FROM backup_run r" + where.sql()).params(where.params())
                .query(Long.class).single();
    }

    private static Where filter(Long hostId, RunStatus status) {
        return new Where().eq("r.host_id", hostId).eq("r.status", status == null ? null : status.dbValue());
    }

    /** For each of the hosts that has a queued or running run: its oldest one. */
    public java.util.Map<Long, Long> findActiveIds(java.util.Collection<Long> hostIds) {
        java.util.Map<Long, Long> active = new java.util.HashMap<>();
        if (hostIds.isEmpty()) {
            return active;
        }
        db.jdbc().sql("SELECT host_id, MIN(id) AS run_id FROM backup_run WHERE status IN ('queued', 'running')"
                        + " AND host_id IN (" + InList.marks(hostIds.size()) + ") GROUP BY host_id")
                .params(new ArrayList<>(hostIds))
                .query((rs, n) -> active.put(rs.getLong("host_id"), rs.getLong("run_id"))).list();
        return active;
    }

    /** Inserts one queued run per host with one prepared statement (a scheduler pass can queue thousands). */
    public void insertQueued(List<Long> hostIds, List<Boolean> prune, RunTrigger trigger, Instant queuedAt) {
        List<Object[]> rows = new ArrayList<>(hostIds.size());
        for (int i = 0; i < hostIds.size(); i++) {
            rows.add(new Object[] {hostIds.get(i), trigger.dbValue(), false, prune.get(i), RunStatus.QUEUED.dbValue(),
                    false, queuedAt.toEpochMilli()});
        }
        new org.springframework.jdbc.core.JdbcTemplate(db.dataSource()).batchUpdate(
                "INSERT INTO backup_run (host_id, trigger_kind, dry_run, prune, status, cancel_requested, queued_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
    }

    /** Queued or running runs of the host. */
    public boolean hasActive(long hostId) {
        return db.jdbc().sql("SELECT COUNT(*) FROM backup_run WHERE host_id = ? AND status IN ('queued', 'running')")
                .param(hostId).query(Long.class).single() > 0;
    }

    public long insert(long hostId, RunTrigger trigger, boolean dryRun, boolean prune, RunStatus status,
                       Instant queuedAt) {
        KeyHolder keys = new GeneratedKeyHolder();
        db.jdbc().sql("INSERT INTO backup_run (host_id, trigger_kind, dry_run, prune, status, cancel_requested,"
                        + " queued_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(hostId, trigger.dbValue(), dryRun, prune, status.dbValue(), false, queuedAt.toEpochMilli())
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** A restore's default target names the run, so it is set once the id is known. */
    public void setRestoreTargetDir(long runId, String dir) {
        db.jdbc().sql("UPDATE backup_run SET restore_target_dir = ? WHERE id = ?").params(dir, runId).update();
    }

    /** Marks a run as started by a worker; only from queued (true when this caller won it). */
    public boolean markStarted(long runId, RunStatus from, String workerId, String workerHost, long workerPid,
                               String workerInstance, Instant now) {
        return db.jdbc().sql("UPDATE backup_run SET status = 'running', started_at = ?, heartbeat_at = ?,"
                        + " worker_id = ?, worker_host = ?, worker_pid = ?, worker_instance = ? WHERE id = ? AND status = ?")
                .params(now.toEpochMilli(), now.toEpochMilli(), workerId, workerHost, workerPid, workerInstance, runId,
                        from.dbValue())
                .update() == 1;
    }

    /** A running run goes back to queued, forgetting its worker (true when it was running). */
    /** Puts a running run back in the queue, claimable again from {@code notBefore} on. */
    public boolean requeue(long runId, Instant notBefore) {
        return db.jdbc().sql("UPDATE backup_run SET status = 'queued', started_at = NULL, heartbeat_at = NULL,"
                        + " worker_id = NULL, worker_host = NULL, worker_pid = NULL, worker_instance = NULL, rsync_pid = NULL,"
                        + " snapshot_name = NULL, base_snapshot_name = NULL, base_snapshot_id = NULL,"
                        + " command_line = NULL, log_path = NULL, not_before = ? WHERE id = ? AND status = 'running'")
                .params(notBefore.toEpochMilli(), runId).update() == 1;
    }

    /**
     * Records rsync's start on the run while {@code heldBy} (a worker instance) still holds it;
     * false when the run is no longer running under that claim (another worker declared it lost).
     * {@code heldBy} null: whoever holds it (for runs claimed before worker instances existed).
     */
    public boolean recordStart(long runId, String heldBy, String snapshotName, String baseName, Long baseId,
                               String commandLine, long rsyncPid, String logPath) {
        return db.jdbc().sql("UPDATE backup_run SET snapshot_name = ?, base_snapshot_name = ?, base_snapshot_id = ?,"
                        + " command_line = ?, rsync_pid = ?, log_path = ? WHERE id = ?" + held(heldBy))
                .params(withHolder(heldBy, snapshotName, baseName, baseId, commandLine, rsyncPid, logPath, runId))
                .update() == 1;
    }

    /** Live progress and the heartbeat, under the same condition as {@link #recordStart}. */
    public boolean recordProgress(long runId, String heldBy, Progress p, String logTail, Instant now) {
        return db.jdbc().sql("UPDATE backup_run SET progress_percent = ?, progress_rate = ?, progress_eta_seconds = ?,"
                        + " bytes_transferred = ?, log_tail = ?, heartbeat_at = ? WHERE id = ?" + held(heldBy))
                .params(withHolder(heldBy, p.percent(), p.bytesPerSecond(), p.eta() == null ? null : p.eta().toSeconds(),
                        p.bytesTransferred(), logTail, now.toEpochMilli(), runId))
                .update() == 1;
    }

    /** The heartbeat alone, under the same condition as {@link #recordStart}. */
    public boolean heartbeat(long runId, String heldBy, Instant now) {
        return db.jdbc().sql("UPDATE backup_run SET heartbeat_at = ? WHERE id = ?" + held(heldBy))
                .params(withHolder(heldBy, now.toEpochMilli(), runId)).update() == 1;
    }

    /** What the worker of a running run polls about once a second. */
    public record LiveState(boolean cancelRequested, RunStatus status, String workerInstance) {
        /** Still running under the claim of {@code instance} (null: under any claim). */
        public boolean heldBy(String instance) {
            return status == RunStatus.RUNNING && (instance == null || instance.equals(workerInstance));
        }
    }

    public Optional<LiveState> liveState(long runId) {
        return db.jdbc().sql("SELECT cancel_requested, status, worker_instance FROM backup_run WHERE id = ?").param(runId)
                .query((rs, n) -> new LiveState(rs.getBoolean(1), RunStatus.parse(rs.getString(2)), rs.getString(3)))
                .optional();
    }

    /**
     * The fence of every write to a running run: still running, and (when given) still under the
     * claim of that worker instance. A worker that was paused past the stale-run timeout finds
     * its writes refused instead of overwriting what the worker that declared it lost recorded.
     */
    private static String held(String heldBy) {
        return " AND status = 'running'" + (heldBy == null ? "" : " AND worker_instance = ?");
    }

    private static Object[] withHolder(String heldBy, Object... params) {
        if (heldBy == null) {
            return params;
        }
        Object[] all = java.util.Arrays.copyOf(params, params.length + 1);
        all[params.length] = heldBy;
        return all;
    }

    /** Sets the cancel flag of a queued or running run; true when it was set. */
    public boolean requestCancel(long runId) {
        return db.jdbc().sql("UPDATE backup_run SET cancel_requested = ? WHERE id = ? AND status IN ('queued', 'running')")
                .params(true, runId).update() == 1;
    }

    /** Cancels a run only while it is still queued (a worker may be claiming it right now); true when it was. */
    public boolean cancelQueued(long runId, String error, Instant now) {
        return db.jdbc().sql("UPDATE backup_run SET status = 'cancelled', finished_at = ?, error_summary = ?"
                        + " WHERE id = ? AND status = 'queued'")
                .params(now.toEpochMilli(), error, runId).update() == 1;
    }

    /**
     * Ends a run that is still queued or running (and, when {@code heldBy} is given, still under
     * that worker instance's claim); false when it had already ended or another claim holds it.
     */
    public boolean finish(long runId, String heldBy, RunStatus status, Integer exitCode, String error,
                          TransferStats stats, Long snapshotId, String logTail, Instant now) {
        TransferStats s = stats == null ? TransferStats.NONE : stats;
        return db.jdbc().sql("UPDATE backup_run SET status = ?, finished_at = ?, rsync_exit_code = ?, error_summary = ?,"
                        + " files_total = ?, files_transferred = ?, bytes_transferred = ?, total_size = ?,"
                        + " snapshot_id = ?, log_tail = COALESCE(?, log_tail), progress_percent = CASE WHEN ? THEN 100"
                        + " ELSE progress_percent END, progress_eta_seconds = NULL, rsync_pid = NULL"
                        + " WHERE id = ? AND status IN ('queued', 'running')"
                        + (heldBy == null ? "" : " AND worker_instance = ?"))
                .params(withHolder(heldBy, status.dbValue(), now.toEpochMilli(), exitCode, error, s.files(),
                        s.filesTransferred(), s.bytesTransferred(), s.totalSize(), snapshotId, logTail,
                        status == RunStatus.SUCCEEDED || status == RunStatus.WARNING, runId))
                .update() == 1;
    }

    /**
     * What a run's own worker learned after the run had been ended by someone else (declared
     * lost): a note on its error summary, and the snapshot it produced after all.
     */
    public void noteAfterEnd(long runId, String note, Long snapshotId) {
        db.jdbc().sql("UPDATE backup_run SET error_summary = CASE WHEN error_summary IS NULL THEN ?"
                        + " ELSE " + concat("error_summary", "'; '", "?") + " END,"
                        + " snapshot_id = COALESCE(?, snapshot_id) WHERE id = ? AND status NOT IN ('queued', 'running')")
                .params(note, note, snapshotId, runId).update();
    }

    public void appendError(long runId, String text) {
        db.jdbc().sql("UPDATE backup_run SET error_summary = CASE WHEN error_summary IS NULL THEN ?"
                        + " ELSE " + concat("error_summary", "'; '", "?") + " END WHERE id = ?")
                .params(text, text, runId).update();
    }

    private String concat(String... parts) {
        return switch (db.dialect()) {
            case SQLITE -> String.join(" || ", parts);
            case MARIADB -> "CONCAT(" + String.join(", ", parts) + ")";
        };
    }

    static BackupRun map(ResultSet rs, int n) throws SQLException {
        return new BackupRun(rs.getLong("id"), rs.getLong("host_id"), rs.getString("host_name"),
                RunTrigger.valueOf(rs.getString("trigger_kind").toUpperCase(Locale.ROOT)), rs.getBoolean("dry_run"),
                rs.getBoolean("prune"), RunStatus.parse(rs.getString("status")), rs.getBoolean("cancel_requested"),
                Rows.instant(rs, "queued_at"), Rows.instant(rs, "started_at"), Rows.instant(rs, "finished_at"),
                Rows.instant(rs, "heartbeat_at"), rs.getString("worker_id"), rs.getString("worker_host"),
                Rows.longValue(rs, "worker_pid"), Rows.longValue(rs, "rsync_pid"), rs.getString("snapshot_name"),
                Rows.longValue(rs, "snapshot_id"), rs.getString("base_snapshot_name"),
                Rows.longValue(rs, "base_snapshot_id"), Rows.integer(rs, "rsync_exit_code"),
                rs.getString("error_summary"), Rows.longValue(rs, "files_total"),
                Rows.longValue(rs, "files_transferred"), Rows.longValue(rs, "bytes_transferred"),
                Rows.longValue(rs, "total_size"), Rows.integer(rs, "progress_percent"),
                Rows.longValue(rs, "progress_rate"), Rows.longValue(rs, "progress_eta_seconds"),
                rs.getString("command_line"), rs.getString("log_path"), rs.getString("log_tail"),
                Rows.instant(rs, "not_before"), rs.getString("worker_instance"), RunKind.parse(rs.getString("kind")),
                restore(rs));
    }

    private static RestoreSpec restore(ResultSet rs) throws SQLException {
        if (!RunKind.RESTORE.dbValue().equals(rs.getString("kind"))) {
            return null;
        }
        return new RestoreSpec(rs.getString("restore_snapshot"), RestoreSpec.parsePaths(rs.getString("restore_paths")),
                rs.getLong("restore_target_host_id"), rs.getString("target_host_name"),
                rs.getString("restore_target_dir"), rs.getBoolean("restore_delete"), rs.getString("requested_by"));
    }

    /** Inserts a restore run (queued, or queued to be claimed at once by a foreground restore). */
    public long insertRestore(long hostId, RunTrigger trigger, boolean dryRun, RestoreSpec spec, Instant queuedAt) {
        KeyHolder keys = new GeneratedKeyHolder();
        db.jdbc().sql("INSERT INTO backup_run (host_id, trigger_kind, dry_run, prune, status, cancel_requested,"
                        + " queued_at, kind, restore_snapshot, restore_paths, restore_target_host_id, restore_target_dir,"
                        + " restore_delete, requested_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(hostId, trigger.dbValue(), dryRun, false, RunStatus.QUEUED.dbValue(), false,
                        queuedAt.toEpochMilli(), RunKind.RESTORE.dbValue(), spec.snapshot(), spec.pathsText(),
                        spec.targetHostId(), spec.targetDir(), spec.delete(), spec.requestedBy())
                .update(keys, "id");
        return keys.getKey().longValue();
    }
}
