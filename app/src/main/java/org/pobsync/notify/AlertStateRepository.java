package org.pobsync.notify;

import java.time.Instant;
import java.util.List;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;

/**
 * SQL for alert_state: the conditions that are bad right now, one row each. Every write is
 * conditional on what the caller read, so of two notifiers only one records (and reports) a
 * change.
 */
final class AlertStateRepository {

    record Stored(long id, AlertKind kind, String subject, String hostName, String state, String message,
                  Instant since, Instant notifiedAt) {
        String key() {
            return kind.dbValue() + ":" + subject;
        }
    }

    private final Database db;

    AlertStateRepository(Database db) {
        this.db = db;
    }

    List<Stored> all() {
        return db.jdbc().sql("SELECT * FROM alert_state ORDER BY kind, subject")
                .query((rs, n) -> new Stored(rs.getLong("id"), AlertKind.parse(rs.getString("kind")),
                        rs.getString("subject"), rs.getString("host_name"), rs.getString("state"),
                        rs.getString("message"), Rows.instant(rs, "since"), Rows.instant(rs, "notified_at")))
                .list();
    }

    /** A condition became bad; false when another notifier recorded it first. */
    boolean insert(Condition c, Instant now) {
        try {
            return db.jdbc().sql("INSERT INTO alert_state (kind, subject, host_name, state, message, since, notified_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(c.kind().dbValue(), c.subject(), c.hostName(), c.state(), c.message(), now.toEpochMilli(),
                            now.toEpochMilli())
                    .update() == 1;
        } catch (org.springframework.dao.DataIntegrityViolationException e) {
            return false; // MariaDB: another notifier inserted it first
        } catch (org.springframework.dao.DataAccessException e) {
            // sqlite-jdbc reports a unique violation as an uncategorised SQLITE_CONSTRAINT
            if (String.valueOf(e.getMessage()).contains("UNIQUE")) {
                return false;
            }
            throw e;
        }
    }

    boolean changeState(Stored s, Condition c, Instant now) {
        return db.jdbc().sql("UPDATE alert_state SET state = ?, message = ?, since = ?, notified_at = ?"
                        + " WHERE id = ? AND state = ?")
                .params(c.state(), c.message(), now.toEpochMilli(), now.toEpochMilli(), s.id(), s.state())
                .update() == 1;
    }

    boolean remind(Stored s, String message, Instant now) {
        return db.jdbc().sql("UPDATE alert_state SET notified_at = ?, message = ? WHERE id = ? AND state = ?"
                        + " AND notified_at = ?")
                .params(now.toEpochMilli(), message, s.id(), s.state(), s.notifiedAt().toEpochMilli())
                .update() == 1;
    }

    boolean delete(Stored s) {
        return db.jdbc().sql("DELETE FROM alert_state WHERE id = ? AND state = ?").params(s.id(), s.state())
                .update() == 1;
    }
}
