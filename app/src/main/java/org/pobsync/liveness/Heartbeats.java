package org.pobsync.liveness;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;
import org.pobsync.settings.PobsyncVersion;

/** Each long-running component records that it is alive (SPEC section 3, ServiceHeartbeat). */
public final class Heartbeats {

    public record Heartbeat(String component, String hostname, long pid, String version, Instant startedAt,
                            Instant lastSeenAt) {

        /** Seen within {@link #FRESH} before {@code now}: the component is taken to be running. */
        public boolean fresh(Instant now) {
            return lastSeenAt != null && lastSeenAt.isAfter(now.minus(FRESH));
        }
    }

    /** How recently a long-running component must have reported to count as running (panel warnings). */
    public static final java.time.Duration FRESH = java.time.Duration.ofMinutes(3);

    private final Database db;
    private final Clock clock;

    public Heartbeats(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public void beat(String component, Instant startedAt) {
        String hostname = ProcessIdentity.hostname();
        long pid = ProcessHandle.current().pid();
        long now = clock.millis();
        int updated = db.jdbc().sql("UPDATE service_heartbeat SET pid = ?, version = ?, started_at = ?, last_seen_at = ?"
                        + " WHERE component = ? AND hostname = ?")
                .params(pid, PobsyncVersion.get(), Rows.millis(startedAt), now, component, hostname).update();
        if (updated == 0) {
            try {
                db.jdbc().sql("INSERT INTO service_heartbeat (component, hostname, pid, version, started_at, last_seen_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)")
                        .params(component, hostname, pid, PobsyncVersion.get(), Rows.millis(startedAt), now).update();
            } catch (org.springframework.dao.DataAccessException raced) {
                // Another process inserted the row between our UPDATE and INSERT. MariaDB reports
                // a duplicate key, sqlite-jdbc an uncategorised SQLITE_CONSTRAINT: either way the
                // row exists now, so the UPDATE wins; anything else fails again there and is thrown.
                int again = db.jdbc().sql("UPDATE service_heartbeat SET pid = ?, version = ?, started_at = ?,"
                                + " last_seen_at = ? WHERE component = ? AND hostname = ?")
                        .params(pid, PobsyncVersion.get(), Rows.millis(startedAt), now, component, hostname).update();
                if (again == 0) {
                    throw raced;
                }
            }
        }
    }

    /** Has a worker, on any machine, reported within {@link #FRESH}? (Else queued work waits for nobody.) */
    public boolean anyWorkerFresh() {
        Instant now = clock.instant();
        return all().stream().anyMatch(h -> h.component().startsWith("worker") && h.fresh(now));
    }

    public List<Heartbeat> all() {
        return db.jdbc().sql("SELECT * FROM service_heartbeat ORDER BY component, hostname")
                .query((rs, n) -> new Heartbeat(rs.getString("component"), rs.getString("hostname"), rs.getLong("pid"),
                        rs.getString("version"), Rows.instant(rs, "started_at"), Rows.instant(rs, "last_seen_at")))
                .list();
    }
}
