package org.pobsync.status;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;
import org.pobsync.engine.Transport;
import org.pobsync.runs.RunStatus;

/**
 * Everything {@link HostHealth} and the host overview need, for every host (or one) in one
 * query. Each per-host value is a correlated subquery that both databases answer with an index
 * seek or a short range per host (indexes of the web and the alerts migrations), so the
 * dashboard costs the same query whatever the number of runs:
 * <ul>
 *   <li>the newest run: {@code MAX(id)} on {@code (host_id, id)};</li>
 *   <li>the newest complete-or-partial and the newest complete snapshot: a backwards walk of
 *       {@code (host_id, name)};</li>
 *   <li>failed runs in a row: the failed runs after the newest succeeded and the newest warning
 *       run, two {@code MAX(id)} seeks and a range on {@code (host_id, dry_run, status, id)} as
 *       long as the streak. Dry runs (tests) and cancelled runs count neither way.</li>
 * </ul>
 * Only backup runs count: a restore reads a snapshot and says nothing about whether the host is
 * being backed up (a restore that succeeds after failed backups must not make a failing host ok).
 */
final class HostOverviewQuery {

    private static final String SQL = "SELECT h.id, h.name, h.address, h.transport, h.enabled, h.created_at,"
            + " r.id AS run_id, r.status AS run_status, r.queued_at AS run_at, r.error_summary AS run_error,"
            + " u.id AS usable_id, u.name AS usable_name, u.status AS usable_status,"
            + " COALESCE(u.finished_at, u.started_at) AS usable_at, pr.error_summary AS partial_reason,"
            + " c.id AS complete_id, c.name AS complete_name, COALESCE(c.finished_at, c.started_at) AS complete_at,"
            + " sc.cron_expression, sc.time_zone, sc.enabled AS schedule_enabled, sc.next_run_at,"
            + " ha.expect_every_hours, ha.failing_after_runs, ha.partial_is_good,"
            + " (SELECT COUNT(*) FROM backup_run f WHERE f.host_id = h.id AND f.dry_run = ? AND f.status = 'failed' AND f.kind = 'backup'"
            + "   AND f.id > COALESCE((SELECT MAX(g.id) FROM backup_run g"
            + "     WHERE g.host_id = h.id AND g.dry_run = ? AND g.status = 'succeeded' AND g.kind = 'backup'), 0)"
            + "   AND f.id > COALESCE((SELECT MAX(w.id) FROM backup_run w"
            + "     WHERE w.host_id = h.id AND w.dry_run = ? AND w.status = 'warning' AND w.kind = 'backup'), 0)) AS failed_in_a_row"
            + " FROM host h"
            + " LEFT JOIN backup_run r ON r.id = (SELECT MAX(r2.id) FROM backup_run r2 WHERE r2.host_id = h.id"
            + "   AND r2.kind = 'backup')"
            + " LEFT JOIN snapshot_record u ON u.id = (SELECT s2.id FROM snapshot_record s2"
            + "   WHERE s2.host_id = h.id AND s2.status IN ('complete', 'partial') ORDER BY s2.name DESC LIMIT 1)"
            + " LEFT JOIN backup_run pr ON pr.id = u.run_id AND u.status = 'partial'"
            + " LEFT JOIN snapshot_record c ON c.id = (SELECT s3.id FROM snapshot_record s3"
            + "   WHERE s3.host_id = h.id AND s3.status = 'complete' ORDER BY s3.name DESC LIMIT 1)"
            + " LEFT JOIN backup_schedule sc ON sc.host_id = h.id"
            + " LEFT JOIN host_alert_settings ha ON ha.host_id = h.id";

    private final Database db;

    HostOverviewQuery(Database db) {
        this.db = db;
    }

    List<HostSummary> all(AlertSettings settings, Instant now) {
        return db.jdbc().sql(SQL + " ORDER BY h.name").params(false, false, false)
                .query((rs, n) -> map(rs, settings, now)).list();
    }

    List<HostSummary> one(long hostId, AlertSettings settings, Instant now) {
        return db.jdbc().sql(SQL + " WHERE h.id = ?").params(false, false, false, hostId)
                .query((rs, n) -> map(rs, settings, now)).list();
    }

    private static HostSummary map(ResultSet rs, AlertSettings settings, Instant now) throws SQLException {
        boolean enabled = rs.getBoolean("enabled");
        String runStatus = rs.getString("run_status");
        String cron = rs.getString("cron_expression");
        boolean scheduleEnabled = cron != null && rs.getBoolean("schedule_enabled");
        Expectation expectation = Expectation.of(Rows.integer(rs, "expect_every_hours"), cron,
                cron == null ? null : zone(rs.getString("time_zone")), enabled && scheduleEnabled,
                settings.defaultExpectHours(), now);
        Integer failingAfter = Rows.integer(rs, "failing_after_runs");
        boolean partialIsGood = rs.getBoolean("partial_is_good");
        Instant usableAt = Rows.instant(rs, "usable_at");
        boolean usablePartial = "partial".equals(rs.getString("usable_status"));
        HostFacts facts = new HostFacts(enabled, Rows.instant(rs, "created_at"), expectation,
                failingAfter == null ? HostAlertSettings.DEFAULT_FAILING_AFTER : failingAfter, partialIsGood, usableAt,
                usablePartial, rs.getString("partial_reason"), Rows.instant(rs, "complete_at"),
                rs.getInt("failed_in_a_row"), rs.getString("run_error"));
        HostVerdict verdict = HostHealth.assess(facts, now);
        boolean usableCounts = usableAt != null && (partialIsGood || !usablePartial);
        String good = usableCounts ? "usable" : "complete";
        return new HostSummary(rs.getLong("id"), rs.getString("name"), rs.getString("address"),
                Transport.valueOf(rs.getString("transport").toUpperCase(Locale.ROOT)), enabled,
                Rows.longValue(rs, "run_id"), runStatus == null ? null : RunStatus.parse(runStatus),
                Rows.instant(rs, "run_at"), Rows.longValue(rs, good + "_id"), rs.getString(good + "_name"),
                Rows.instant(rs, good + "_at"), cron, cron == null ? null : scheduleEnabled,
                Rows.instant(rs, "next_run_at"), verdict);
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (RuntimeException e) {
            return ZoneId.systemDefault();
        }
    }
}
