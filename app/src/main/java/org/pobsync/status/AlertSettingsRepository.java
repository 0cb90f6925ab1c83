package org.pobsync.status;

import java.time.Instant;
import java.util.Optional;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;

/** The alert_settings row and the host_alert_settings rows. */
public final class AlertSettingsRepository {

    private final Database db;

    public AlertSettingsRepository(Database db) {
        this.db = db;
    }

    public AlertSettings get() {
        return db.jdbc().sql("SELECT * FROM alert_settings WHERE id = 1")
                .query((rs, n) -> new AlertSettings(rs.getInt("default_expect_hours"), Rows.integer(rs, "reminder_hours"),
                        Rows.integer(rs, "digest_hour"), rs.getInt("disk_free_percent"), rs.getString("panel_url"),
                        Rows.instant(rs, "last_digest_at")))
                .single();
    }

    public void update(AlertSettings s, Instant now) {
        db.jdbc().sql("UPDATE alert_settings SET default_expect_hours = ?, reminder_hours = ?, digest_hour = ?,"
                        + " disk_free_percent = ?, panel_url = ?, updated_at = ? WHERE id = 1")
                .params(s.defaultExpectHours(), s.reminderHours(), s.digestHour(), s.diskFreePercent(), s.panelUrl(),
                        now.toEpochMilli())
                .update();
    }

    /** Records that a digest went out at {@code at}, unless another notifier did since {@code seen}. */
    public boolean markDigest(Instant seen, Instant at) {
        return db.jdbc().sql("UPDATE alert_settings SET last_digest_at = ? WHERE id = 1 AND "
                        + (seen == null ? "last_digest_at IS NULL" : "last_digest_at = ?"))
                .params(seen == null ? new Object[] {at.toEpochMilli()}
                        : new Object[] {at.toEpochMilli(), seen.toEpochMilli()})
                .update() == 1;
    }

    public Optional<HostAlertSettings> forHost(long hostId) {
        return db.jdbc().sql("SELECT * FROM host_alert_settings WHERE host_id = ?").param(hostId)
                .query((rs, n) -> new HostAlertSettings(rs.getLong("host_id"), Rows.integer(rs, "expect_every_hours"),
                        Rows.integer(rs, "failing_after_runs"), rs.getBoolean("partial_is_good"),
                        rs.getString("ping_url")))
                .optional();
    }

    public void save(HostAlertSettings s, Instant now) {
        int updated = db.jdbc().sql("UPDATE host_alert_settings SET expect_every_hours = ?, failing_after_runs = ?,"
                        + " partial_is_good = ?, ping_url = ?, updated_at = ? WHERE host_id = ?")
                .params(s.expectEveryHours(), s.failingAfterRuns(), s.partialIsGood(), s.pingUrl(), now.toEpochMilli(),
                        s.hostId())
                .update();
        if (updated == 0) {
            db.jdbc().sql("INSERT INTO host_alert_settings (host_id, expect_every_hours, failing_after_runs,"
                            + " partial_is_good, ping_url, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
                    .params(s.hostId(), s.expectEveryHours(), s.failingAfterRuns(), s.partialIsGood(), s.pingUrl(),
                            now.toEpochMilli())
                    .update();
        }
    }
}
