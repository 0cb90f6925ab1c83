package org.pobsync.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;
import org.pobsync.db.Where;

/** Appends to and reads the audit_event table. Actors are user names, or "cli:<os user>" / "scheduler". */
public final class AuditLog {

    /** How long a row keeps counting repeats before the next repeat starts a new row. */
    public static final Duration REPEAT_WINDOW = Duration.ofHours(1);
    static final int DELETE_BATCH = 5_000;
    private static final String INSERT = "INSERT INTO audit_event (occurred_at, actor, action, target, detail,"
            + " remote_addr) VALUES (?, ?, ?, ?, ?, ?)";

    private final Database db;
    private final Clock clock;

    public AuditLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public void record(String actor, String action, String target, String detail) {
        record(actor, action, target, detail, null);
    }

    public void record(String actor, String action, String target, String detail, String remoteAddr) {
        db.jdbc().sql(INSERT).params(row(clock.millis(), actor, action, target, detail, remoteAddr)).update();
    }

    /**
     * Records an event that anyone can cause over and over (a failed login needs no account): a
     * repeat of the same actor, action, target, detail and address within {@link #REPEAT_WINDOW}
     * of the row's first occurrence counts up that row instead of adding one, so a flood costs a
     * row per hour and address, not per request. Two repeats racing may start two rows; none is lost.
     */
    public void recordRepeated(String actor, String action, String target, String detail, String remoteAddr) {
        long now = clock.millis();
        Object[] row = row(now, actor, action, target, detail, remoteAddr == null ? "(unknown)" : remoteAddr);
        Long id = db.jdbc().sql("SELECT id FROM audit_event WHERE action = ? AND remote_addr = ? AND occurred_at >= ?"
                        + " AND actor = ? AND COALESCE(target, '') = ? AND COALESCE(detail, '') = ?"
                        + " ORDER BY id DESC LIMIT 1")
                .params(row[2], row[5], now - REPEAT_WINDOW.toMillis(), row[1], row[3] == null ? "" : row[3],
                        row[4] == null ? "" : row[4])
                .query(Long.class).optional().orElse(null);
        if (id == null || db.jdbc().sql("UPDATE audit_event SET repeat_count = repeat_count + 1, last_occurred_at = ?"
                + " WHERE id = ?").params(now, id).update() == 0) {
            db.jdbc().sql(INSERT).params(row).update();
        }
    }

    /**
     * Deletes the events whose last occurrence is older than {@code cutoff}, in batches so a first
     * run on a large table does not hold the database for long; returns how many went.
     */
    public long deleteOlderThan(Instant cutoff) {
        long deleted = 0;
        while (true) {
            List<Long> ids = db.jdbc().sql("SELECT id FROM audit_event WHERE COALESCE(last_occurred_at, occurred_at) < ?"
                            + " ORDER BY id LIMIT " + DELETE_BATCH)
                    .param(cutoff.toEpochMilli()).query(Long.class).list();
            if (ids.isEmpty()) {
                return deleted;
            }
            deleted += db.jdbc().sql("DELETE FROM audit_event WHERE id >= ? AND id <= ?"
                            + " AND COALESCE(last_occurred_at, occurred_at) < ?")
                    .params(ids.get(0), ids.get(ids.size() - 1), cutoff.toEpochMilli()).update();
        }
    }

    /** One event per target, all by {@code actor} with {@code action}, in one batch of inserts. */
    public void recordAll(String actor, String action, List<String> targets, List<String> details) {
        if (targets.isEmpty()) {
            return;
        }
        long now = clock.millis();
        List<Object[]> rows = new java.util.ArrayList<>(targets.size());
        for (int i = 0; i < targets.size(); i++) {
            rows.add(row(now, actor, action, targets.get(i), details.get(i), null));
        }
        new org.springframework.jdbc.core.JdbcTemplate(db.dataSource()).batchUpdate(INSERT, rows);
    }

    /** The INSERT's parameters, each text cut to its column's size. */
    private static Object[] row(long at, String actor, String action, String target, String detail,
                                String remoteAddr) {
        return new Object[] {at, truncate(actor, 150), truncate(action, 64), truncate(target, 255), detail,
                truncate(remoteAddr, 64)};
    }

    public List<AuditEvent> recent(String actor, String action, int limit, int offset) {
        Where where = new Where().eq("actor", blankToNull(actor)).eq("action", blankToNull(action));
        return db.jdbc().sql("SELECT * FROM audit_event" + where.sql() + " ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?")
                .params(where.params(limit, offset))
                .query((rs, n) -> new AuditEvent(rs.getLong("id"), Rows.instant(rs, "occurred_at"),
                        rs.getString("actor"), rs.getString("action"), rs.getString("target"),
                        rs.getString("detail"), rs.getString("remote_addr"), rs.getInt("repeat_count"),
                        Rows.instant(rs, "last_occurred_at")))
                .list();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** How many events {@link #recent} would page through with the same filters. */
    public long count(String actor, String action) {
        Where where = new Where().eq("actor", blankToNull(actor)).eq("action", blankToNull(action));
        return db.jdbc().sql("SELECT COUNT(*) FROM audit_event" + where.sql()).params(where.params())
                .query(Long.class).single();
    }

    /** Every action name recorded so far, for the audit log's filter. */
    public List<String> actions() {
        return db.jdbc().sql("SELECT DISTINCT action FROM audit_event ORDER BY action").query(String.class).list();
    }

    /** The actor name for a command-line invocation. */
    public static String cliActor() {
        return "cli:" + System.getProperty("user.name", "unknown");
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
