package org.pobsync.config;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;
import org.pobsync.engine.StoreSetting;
import org.springframework.dao.DataAccessException;

/** Reads and writes the one global_config row, creating it with defaults on first use. */
public final class GlobalConfigRepository {

    private final Database db;
    private final Clock clock;
    private final Path initialBackupRoot;

    public GlobalConfigRepository(Database db, Clock clock, Path initialBackupRoot) {
        this.db = db;
        this.clock = clock;
        this.initialBackupRoot = initialBackupRoot;
    }

    public GlobalConfig get() {
        return find().orElseGet(() -> {
            try {
                save(GlobalConfig.defaults(initialBackupRoot, clock.instant()), true);
            } catch (DataAccessException anotherProcessWasFirst) {
                // Another process inserted the row first (MariaDB: duplicate key; sqlite-jdbc:
                // an uncategorised SQLITE_CONSTRAINT). Read what it wrote; if there is nothing,
                // the insert failed for another reason.
                return find().orElseThrow(() -> anotherProcessWasFirst);
            }
            return find().orElseThrow();
        });
    }

    public Optional<GlobalConfig> find() {
        return db.jdbc().sql("SELECT * FROM global_config WHERE id = 1")
                .query((rs, n) -> new GlobalConfig(Path.of(rs.getString("backup_root")),
                        new RetentionSettings(Rows.integer(rs, "keep_last"), Rows.integer(rs, "keep_hourly"),
                                Rows.integer(rs, "keep_daily"), Rows.integer(rs, "keep_weekly"),
                                Rows.integer(rs, "keep_monthly"), Rows.integer(rs, "keep_yearly")),
                        rs.getInt("rsync_timeout_seconds"), rs.getInt("max_concurrent_backups"),
                        rs.getString("default_ssh_user"), rs.getInt("default_ssh_port"),
                        rs.getInt("stale_run_timeout_seconds"), rs.getInt("run_log_retention_days"),
                        Rows.instant(rs, "updated_at"),
                        StoreSetting.parse(rs.getString("snapshot_store")).orElse(StoreSetting.AUTO),
                        rs.getString("backup_root_id")))
                .optional();
    }

    public void save(GlobalConfig c) {
        save(c, find().isEmpty());
    }

    private void save(GlobalConfig c, boolean insert) {
        String sql = insert
                ? "INSERT INTO global_config (backup_root, keep_last, keep_hourly, keep_daily, keep_weekly, keep_monthly,"
                + " keep_yearly, rsync_timeout_seconds, max_concurrent_backups, default_ssh_user, default_ssh_port,"
                + " stale_run_timeout_seconds, run_log_retention_days, updated_at, snapshot_store, backup_root_id, id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)"
                : "UPDATE global_config SET backup_root = ?, keep_last = ?, keep_hourly = ?, keep_daily = ?,"
                + " keep_weekly = ?, keep_monthly = ?, keep_yearly = ?, rsync_timeout_seconds = ?,"
                + " max_concurrent_backups = ?, default_ssh_user = ?, default_ssh_port = ?,"
                + " stale_run_timeout_seconds = ?, run_log_retention_days = ?, updated_at = ?, snapshot_store = ?,"
                + " backup_root_id = ? WHERE id = 1";
        RetentionSettings r = c.retention();
        db.jdbc().sql(sql)
                .params(c.backupRoot().toString(), r.keepLast(), r.keepHourly(), r.keepDaily(), r.keepWeekly(),
                        r.keepMonthly(), r.keepYearly(), c.rsyncTimeoutSeconds(), c.maxConcurrentBackups(),
                        c.defaultSshUser(), c.defaultSshPort(), c.staleRunTimeoutSeconds(), c.runLogRetentionDays(),
                        Rows.millis(c.updatedAt()), c.snapshotStore().dbValue(), c.backupRootId())
                .update();
    }

    /**
     * Records the marker id of the backup root in use, unless another process recorded one first
     * (two workers meeting an unmarked root at once). Returns whether this call set it.
     */
    public boolean adoptBackupRootId(Path root, String id) {
        return db.jdbc().sql("UPDATE global_config SET backup_root_id = ? WHERE id = 1 AND backup_root = ?"
                        + " AND backup_root_id IS NULL")
                .params(id, root.toString()).update() == 1;
    }
}
