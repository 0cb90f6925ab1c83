package org.pobsync.retention;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;
import org.pobsync.runs.RunStatus;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/** The prune_request table (V7). Every change of status is a conditional UPDATE. */
public final class PruneRequestRepository {

    private static final String SELECT = "SELECT p.*, h.name AS host_name FROM prune_request p"
            + " JOIN host h ON h.id = p.host_id";

    private final Database db;

    public PruneRequestRepository(Database db) {
        this.db = db;
    }

    public long insert(long hostId, int maxDelete, String requestedBy, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        db.jdbc().sql("INSERT INTO prune_request (host_id, status, max_delete, requested_by, requested_at)"
                        + " VALUES (?, ?, ?, ?, ?)")
                .params(hostId, RunStatus.QUEUED.dbValue(), maxDelete, requestedBy, now.toEpochMilli())
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public Optional<PruneRequest> find(long id) {
        return db.jdbc().sql(SELECT + " WHERE p.id = ?").param(id).query(PruneRequestRepository::map).optional();
    }

    /** The host's queued or running request, if any. */
    public Optional<PruneRequest> findActive(long hostId) {
        return db.jdbc().sql(SELECT + " WHERE p.host_id = ? AND p.status IN ('queued', 'running') ORDER BY p.id LIMIT 1")
                .param(hostId).query(PruneRequestRepository::map).optional();
    }

    /** The host's newest requests, newest first. */
    public List<PruneRequest> recent(long hostId, int limit) {
        return db.jdbc().sql(SELECT + " WHERE p.host_id = ? ORDER BY p.id DESC LIMIT ?")
                .params(hostId, limit).query(PruneRequestRepository::map).list();
    }

    /** The newest queued request's id, 0 when none: one seek of the (status, id) index. */
    public long newestQueuedId() {
        return db.jdbc().sql("SELECT id FROM prune_request WHERE status = 'queued' ORDER BY id DESC LIMIT 1")
                .query(Long.class).optional().orElse(0L);
    }

    public List<PruneRequest> findClaimable(Instant now, int limit) {
        // Not while the host runs a backup: the prune would only find the host's lock taken.
        return db.jdbc().sql(SELECT + " WHERE p.status = 'queued' AND (p.not_before IS NULL OR p.not_before <= ?)"
                        + " AND h.active_run_id IS NULL"
                        + " ORDER BY p.id LIMIT ?")
                .params(now.toEpochMilli(), limit).query(PruneRequestRepository::map).list();
    }

    public List<PruneRequest> findRunning() {
        return db.jdbc().sql(SELECT + " WHERE p.status = 'running' ORDER BY p.id").query(PruneRequestRepository::map)
                .list();
    }

    /** queued -> running; true when this caller won the request. */
    public boolean markStarted(long id, String workerId, String workerHost, long workerPid, String workerInstance,
                               Instant now) {
        return db.jdbc().sql("UPDATE prune_request SET status = 'running', started_at = ?, heartbeat_at = ?,"
                        + " worker_id = ?, worker_host = ?, worker_pid = ?, worker_instance = ?"
                        + " WHERE id = ? AND status = 'queued'")
                .params(now.toEpochMilli(), now.toEpochMilli(), workerId, workerHost, workerPid, workerInstance, id)
                .update() == 1;
    }

    public void heartbeat(long id, Instant now) {
        db.jdbc().sql("UPDATE prune_request SET heartbeat_at = ? WHERE id = ? AND status = 'running'")
                .params(now.toEpochMilli(), id).update();
    }

    /** running -> queued, claimable again from {@code notBefore} on. */
    public boolean requeue(long id, Instant notBefore, String summary) {
        return db.jdbc().sql("UPDATE prune_request SET status = 'queued', started_at = NULL, heartbeat_at = NULL,"
                        + " worker_id = NULL, worker_host = NULL, worker_pid = NULL, worker_instance = NULL, not_before = ?,"
                        + " summary = ?"
                        + " WHERE id = ? AND status = 'running'")
                .params(notBefore.toEpochMilli(), summary, id).update() == 1;
    }

    /** running (or queued) -> an end state. */
    public boolean finish(long id, RunStatus status, Integer deleted, Long bytesFreed, String summary, Instant now) {
        return db.jdbc().sql("UPDATE prune_request SET status = ?, finished_at = ?, deleted_count = ?,"
                        + " bytes_freed = ?, summary = ? WHERE id = ? AND status IN ('queued', 'running')")
                .params(status.dbValue(), now.toEpochMilli(), deleted, bytesFreed, summary, id).update() == 1;
    }

    static PruneRequest map(ResultSet rs, int n) throws SQLException {
        return new PruneRequest(rs.getLong("id"), rs.getLong("host_id"), rs.getString("host_name"),
                RunStatus.parse(rs.getString("status")), rs.getInt("max_delete"), rs.getString("requested_by"),
                Rows.instant(rs, "requested_at"), Rows.instant(rs, "not_before"), Rows.instant(rs, "started_at"),
                Rows.instant(rs, "finished_at"), Rows.instant(rs, "heartbeat_at"), rs.getString("worker_id"),
                rs.getString("worker_host"), Rows.longValue(rs, "worker_pid"), rs.getString("worker_instance"),
                Rows.integer(rs, "deleted_count"),
                Rows.longValue(rs, "bytes_freed"), rs.getString("summary"));
    }
}
