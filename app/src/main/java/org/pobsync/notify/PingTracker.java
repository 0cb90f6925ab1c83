package org.pobsync.notify;

import java.time.Instant;
import java.util.List;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;
import org.pobsync.format.Human;
import org.pobsync.runs.RunStatus;
import org.pobsync.status.HostHealth;

/**
 * Healthchecks-style pings: for every host with a ping URL, {@code /start} when a backup starts
 * and the plain URL or {@code /fail} when it ends (success is what {@link HostHealth#runCountsAsGood}
 * says). ping_progress remembers the newest run each host was seen in; moving it on and
 * queueing the ping are one transaction, so each run is pinged once. Dry runs are not pinged.
 */
final class PingTracker {

    static final String START = "start";
    static final String SUCCESS = "success";
    static final String FAIL = "fail";

    private record Row(long hostId, String host, boolean partialIsGood, Instant configuredAt, Long runId,
                       RunStatus status, Integer exitCode, String error, Instant startedAt, Instant finishedAt,
                       Long seenRunId, String seenStatus) {
    }

    private final Database db;
    private final Outbox outbox;

    PingTracker(Database db, Outbox outbox) {
        this.db = db;
        this.outbox = outbox;
    }

    /** Queues the pings the runs since the last pass call for; returns how many. */
    int pass(Instant now) {
        int queued = 0;
        for (Row r : rows()) {
            if (r.runId() == null) {
                continue;
            }
            boolean finished = r.status().finished();
            boolean newRun = r.seenRunId() == null || r.seenRunId().longValue() != r.runId();
            if (!newRun && (!finished || !"running".equals(r.seenStatus()))) {
                continue; // nothing new since the last pass
            }
            // A host's first sight of a run that ended before its ping URL was set is not news.
            boolean stale = r.seenRunId() == null && finished && r.finishedAt() != null
                    && r.finishedAt().isBefore(r.configuredAt())
                    || r.startedAt() == null; // cancelled while queued: it never ran
            List<NotificationEvent> pings = new java.util.ArrayList<>();
            if (!stale && newRun) {
                pings.add(ping(r, START, "run " + r.runId() + " of " + r.host() + " started", now));
            }
            if (!stale && finished) {
                boolean good = HostHealth.runCountsAsGood(r.status(), r.exitCode(), r.partialIsGood());
                pings.add(ping(r, good ? SUCCESS : FAIL, "run " + r.runId() + " of " + r.host() + " ended "
                        + r.status().dbValue() + (r.error() == null ? "" : ": " + Human.firstLine(r.error())), now));
            }
            Boolean done = db.tx().execute(tx -> {
                if (!advance(r)) {
                    return false;
                }
                pings.forEach(p -> outbox.publishPing(p, r.hostId()));
                return true;
            });
            if (Boolean.TRUE.equals(done)) {
                queued += pings.size();
            }
        }
        return queued;
    }

    private static NotificationEvent ping(Row r, String state, String message, Instant now) {
        return new NotificationEvent(0, EventKind.PING, null, r.host(), r.host(), state, null, message, now);
    }

    /** Moves the host's ping_progress from what this pass read to the run it saw; false when another notifier did. */
    private boolean advance(Row r) {
        String status = r.status().dbValue();
        if (r.seenRunId() == null) {
            try {
                return db.jdbc().sql("INSERT INTO ping_progress (host_id, run_id, run_status) VALUES (?, ?, ?)")
                        .params(r.hostId(), r.runId(), status).update() == 1;
            } catch (org.springframework.dao.DataAccessException raced) {
                return false;
            }
        }
        return db.jdbc().sql("UPDATE ping_progress SET run_id = ?, run_status = ? WHERE host_id = ? AND run_id = ?"
                        + " AND run_status = ?")
                .params(r.runId(), status, r.hostId(), r.seenRunId(), r.seenStatus()).update() == 1;
    }

    private List<Row> rows() {
        return db.jdbc().sql("SELECT h.id, h.name, a.partial_is_good, a.updated_at, r.id AS run_id, r.status,"
                        + " r.rsync_exit_code, r.error_summary, r.started_at, r.finished_at,"
                        + " p.run_id AS seen_run_id, p.run_status AS seen_status"
                        + " FROM host_alert_settings a JOIN host h ON h.id = a.host_id"
                        + " LEFT JOIN backup_run r ON r.id = (SELECT MAX(r2.id) FROM backup_run r2"
                        + "   WHERE r2.host_id = h.id AND r2.dry_run = ? AND r2.status <> 'queued')"
                        + " LEFT JOIN ping_progress p ON p.host_id = h.id"
                        + " WHERE a.ping_url IS NOT NULL")
                .param(false)
                .query((rs, n) -> {
                    String status = rs.getString("status");
                    return new Row(rs.getLong("id"), rs.getString("name"), rs.getBoolean("partial_is_good"),
                            Rows.instant(rs, "updated_at"), Rows.longValue(rs, "run_id"),
                            status == null ? null : RunStatus.parse(status), Rows.integer(rs, "rsync_exit_code"),
                            rs.getString("error_summary"), Rows.instant(rs, "started_at"),
                            Rows.instant(rs, "finished_at"), Rows.longValue(rs, "seen_run_id"),
                            rs.getString("seen_status"));
                }).list();
    }
}
