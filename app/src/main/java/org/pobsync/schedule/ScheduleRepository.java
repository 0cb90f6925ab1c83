package org.pobsync.schedule;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;
import org.springframework.jdbc.core.JdbcTemplate;

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

    /**
     * A due schedule as stored, its expression and zone not parsed yet: the scheduler parses each
     * on its own, so one bad row cannot stop a pass.
     */
    public record DueRow(long id, long hostId, String hostName, String cronExpression, String timeZone,
                         boolean prune, Instant nextRunAt, String lastError) {
    }

    /** Like {@link #findDue}, unparsed. */
    public List<DueRow> findDueRows(Instant now) {
        return db.jdbc().sql("SELECT s.id, s.host_id, h.name AS host_name, s.cron_expression, s.time_zone, s.prune,"
                        + " s.next_run_at, s.last_error FROM backup_schedule s JOIN host h ON h.id = s.host_id"
                        + " WHERE s.enabled = ? AND h.enabled = ? AND (s.next_run_at IS NULL OR s.next_run_at <= ?)"
                        + " ORDER BY s.next_run_at, s.id")
                .params(true, true, now.toEpochMilli())
                .query((rs, n) -> new DueRow(rs.getLong("id"), rs.getLong("host_id"), rs.getString("host_name"),
                        rs.getString("cron_expression"), rs.getString("time_zone"), rs.getBoolean("prune"),
                        Rows.instant(rs, "next_run_at"), rs.getString("last_error")))
                .list();
    }

    /** The earliest slot after {@code now} of an enabled schedule of an enabled host. */
    public Optional<Instant> earliestNextRunAfter(Instant now) {
        return db.jdbc().sql("SELECT MIN(s.next_run_at) FROM backup_schedule s JOIN host h ON h.id = s.host_id"
                        + " WHERE s.enabled = ? AND h.enabled = ? AND s.next_run_at > ?")
                .params(true, true, now.toEpochMilli())
                .query((rs, n) -> {
                    long v = rs.getLong(1);
                    return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(v));
                }).single();
    }

    /**
     * Moves an enabled schedule on from the slot {@code expectedNext} (null: it had none) to
     * {@code next}, only if nobody else did first; records {@code enqueuedAt} when not null, and
     * {@code lastError}. True when this caller moved it.
     */
    public boolean advance(long id, Instant expectedNext, Instant next, Instant enqueuedAt, String lastError) {
        String slot = expectedNext == null ? "next_run_at IS NULL" : "next_run_at = ?";
        List<Object> params = new java.util.ArrayList<>(java.util.Arrays.asList(Rows.millis(next),
                Rows.millis(enqueuedAt), lastError, id, true));
        if (expectedNext != null) {
            params.add(expectedNext.toEpochMilli());
        }
        return db.jdbc().sql("UPDATE backup_schedule SET next_run_at = ?, last_enqueued_at = COALESCE(?, last_enqueued_at),"
                        + " last_error = ? WHERE id = ? AND enabled = ? AND " + slot)
                .params(params).update() == 1;
    }

    /** One schedule to move on from {@code expectedNext} to {@code next}. */
    public record Advance(long id, Instant expectedNext, Instant next) {
    }

    /**
     * {@link #advance} for many schedules with one prepared statement; element i is true when
     * this caller moved schedule i (each UPDATE's own count: batch counts may be "unknown").
     */
    public boolean[] advanceAll(List<Advance> items) {
        boolean[] moved = new boolean[items.size()];
        if (items.isEmpty()) {
            return moved;
        }
        new JdbcTemplate(db.dataSource()).execute((java.sql.Connection c) -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE backup_schedule SET next_run_at = ?"
                    + " WHERE id = ? AND enabled = ? AND next_run_at = ?")) {
                for (int i = 0; i < items.size(); i++) {
                    Advance a = items.get(i);
                    ps.setLong(1, a.next().toEpochMilli());
                    ps.setLong(2, a.id());
                    ps.setBoolean(3, true);
                    ps.setLong(4, a.expectedNext().toEpochMilli());
                    moved[i] = ps.executeUpdate() == 1;
                }
            }
            return null;
        });
        return moved;
    }

    /** Records that the schedules queued a run at {@code at} (and clears their errors). */
    public void markEnqueued(List<Long> ids, Instant at) {
        new JdbcTemplate(db.dataSource()).batchUpdate(
                "UPDATE backup_schedule SET last_enqueued_at = ?, last_error = NULL WHERE id = ?",
                ids.stream().map(id -> new Object[] {at.toEpochMilli(), id}).toList());
    }

    /** Records a note (why a slot queued nothing) on each schedule. */
    public void recordErrors(List<Long> ids, List<String> errors) {
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            rows.add(new Object[] {errors.get(i), ids.get(i)});
        }
        new JdbcTemplate(db.dataSource()).batchUpdate("UPDATE backup_schedule SET last_error = ? WHERE id = ?", rows);
    }

    public void recordError(long id, String error) {
        db.jdbc().sql("UPDATE backup_schedule SET last_error = ? WHERE id = ?").params(error, id).update();
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

    /** Updates what an operator edits, never the slot columns the scheduler owns. */
    public void updateSettings(Schedule s) {
        db.jdbc().sql("UPDATE backup_schedule SET cron_expression = ?, time_zone = ?, prune = ?, enabled = ?,"
                        + " last_error = ?, updated_at = ? WHERE id = ?")
                .params(s.cronExpression(), s.timeZone().getId(), s.prune(), s.enabled(), s.lastError(),
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
