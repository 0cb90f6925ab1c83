package org.pobsync.audit;

import java.time.Clock;
import java.util.List;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;
import org.pobsync.db.Where;

/** Appends to and reads the audit_event table. Actors are user names, or "cli:<os user>" / "scheduler". */
public final class AuditLog {

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
                        rs.getString("detail"), rs.getString("remote_addr")))
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
