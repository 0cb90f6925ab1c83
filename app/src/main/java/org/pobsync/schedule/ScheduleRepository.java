package org.pobsync.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;

/** SQL for backup_schedule. */
public final class ScheduleRepository {

    private static final String SELECT = "SELECT s.*, h.name AS host_name FROM backup_schedule s"
            + " JOIN host h ON h.id = s.host_id";

    private final Database db;

    public ScheduleRepository(Database db) {
        this.db = db;
    }

    public Optional<Schedule> findByHostId(long hostId) {
        return db.jdbc().sql(SELECT + " WHERE s.host_id = ?").param(hostId).query(ScheduleRepository::map).optional();
    }

    public List<Schedule> findAll() {
        return db.jdbc().sql(SELECT + " ORDER BY h.name").query(ScheduleRepository::map).list();
    }

    /** Enabled schedules of enabled hosts that are due at {@code now} (or have no next run yet). */
    public List<Schedule> findDue(Instant now) {
        return db.jdbc().sql(SELECT + " WHERE s.enabled = ? AND h.enabled = ?"
                        + " AND (s.next_run_at IS NULL OR s.next_run_at <= ?) ORDER BY s.next_run_at, s.id")
                .params(true, true, now.toEpochMilli())
                .query(ScheduleRepository::map).list();
    }

    public void insert(Schedule s) {
        db.jdbc().sql("INSERT INTO backup_schedule (host_id, cron_expression, time_zone, prune, enabled,"
                        + " last_enqueued_at, next_run_at, last_error, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(s.hostId(), s.cronExpression(), s.timeZone().getId(), s.prune(), s.enabled(),
                        Rows.millis(s.lastEnqueuedAt()), Rows.millis(s.nextRunAt()), s.lastError(),
                        Rows.millis(s.createdAt()), Rows.millis(s.updatedAt()))
                .update();
    }

    public void update(Schedule s) {
        db.jdbc().sql("UPDATE backup_schedule SET cron_expression = ?, time_zone = ?, prune = ?, enabled = ?,"
                        + " last_enqueued_at = ?, next_run_at = ?, last_error = ?, updated_at = ? WHERE id = ?")
                .params(s.cronExpression(), s.timeZone().getId(), s.prune(), s.enabled(),
                        Rows.millis(s.lastEnqueuedAt()), Rows.millis(s.nextRunAt()), s.lastError(),
                        Rows.millis(s.updatedAt()), s.id())
                .update();
    }

    static Schedule map(ResultSet rs, int n) throws SQLException {
        return new Schedule(rs.getLong("id"), rs.getLong("host_id"), rs.getString("host_name"),
                rs.getString("cron_expression"), ZoneId.of(rs.getString("time_zone")), rs.getBoolean("prune"),
                rs.getBoolean("enabled"), Rows.instant(rs, "last_enqueued_at"), Rows.instant(rs, "next_run_at"),
                rs.getString("last_error"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));
    }
}
