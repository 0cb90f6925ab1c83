package org.pobsync.hosts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pobsync.config.RetentionSettings;
import org.pobsync.db.Database;
import org.pobsync.db.Rows;
import org.pobsync.engine.Transport;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/** SQL for the host table. */
public final class HostRepository {

    private final Database db;

    public HostRepository(Database db) {
        this.db = db;
    }

    public Optional<Host> findByName(String name) {
        return db.jdbc().sql("SELECT * FROM host WHERE name = ?").param(name).query(HostRepository::map).optional();
    }

    public Optional<Host> findById(long id) {
        return db.jdbc().sql("SELECT * FROM host WHERE id = ?").param(id).query(HostRepository::map).optional();
    }

    public List<Host> findAll() {
        return db.jdbc().sql("SELECT * FROM host ORDER BY name").query(HostRepository::map).list();
    }

    /** Every host name, sorted: for pickers, without reading (and parsing) whole rows. */
    public List<String> findAllNames() {
        return db.jdbc().sql("SELECT name FROM host ORDER BY name").query(String.class).list();
    }

    public long insert(HostSpec h, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        db.jdbc().sql("INSERT INTO host (name, address, transport, ssh_user, ssh_port, use_sudo, source_paths,"
                        + " exclude_patterns, rsync_options, bwlimit_kbps, timeout_seconds, retention_override,"
                        + " keep_last, keep_hourly, keep_daily, keep_weekly, keep_monthly, keep_yearly, enabled, notes,"
                        + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(columns(h, now, true))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public void update(long id, HostSpec h, Instant now) {
        Object[] values = columns(h, now, false);
        Object[] withId = java.util.Arrays.copyOf(values, values.length + 1);
        withId[values.length] = id;
        db.jdbc().sql("UPDATE host SET address = ?, transport = ?, ssh_user = ?, ssh_port = ?, use_sudo = ?,"
                        + " source_paths = ?, exclude_patterns = ?, rsync_options = ?, bwlimit_kbps = ?,"
                        + " timeout_seconds = ?, retention_override = ?, keep_last = ?, keep_hourly = ?, keep_daily = ?,"
                        + " keep_weekly = ?, keep_monthly = ?, keep_yearly = ?, enabled = ?, notes = ?, updated_at = ?"
                        + " WHERE id = ?")
                .params(withId)
                .update();
    }

    private static Object[] columns(HostSpec h, Instant now, boolean withNameAndCreated) {
        RetentionSettings r = h.retentionOverride() != null ? h.retentionOverride() : RetentionSettings.KEEP_EVERYTHING;
        List<Object> v = new java.util.ArrayList<>();
        if (withNameAndCreated) {
            v.add(h.name());
        }
        v.add(h.address());
        v.add(h.transport().name().toLowerCase(java.util.Locale.ROOT));
        v.add(h.sshUser());
        v.add(h.sshPort());
        v.add(h.useSudo());
        v.add(Rows.json(h.sourcePaths()));
        v.add(Rows.json(h.excludes()));
        v.add(Rows.json(h.rsyncOptions()));
        v.add(h.bwlimitKbps());
        v.add(h.timeoutSeconds());
        v.add(h.retentionOverride() != null);
        v.add(r.keepLast());
        v.add(r.keepHourly());
        v.add(r.keepDaily());
        v.add(r.keepWeekly());
        v.add(r.keepMonthly());
        v.add(r.keepYearly());
        v.add(h.enabled());
        v.add(h.notes());
        if (withNameAndCreated) {
            v.add(Rows.millis(now));
        }
        v.add(Rows.millis(now));
        return v.toArray();
    }

    static Host map(ResultSet rs, int rowNum) throws SQLException {
        RetentionSettings override = rs.getBoolean("retention_override")
                ? new RetentionSettings(Rows.integer(rs, "keep_last"), Rows.integer(rs, "keep_hourly"),
                Rows.integer(rs, "keep_daily"), Rows.integer(rs, "keep_weekly"),
                Rows.integer(rs, "keep_monthly"), Rows.integer(rs, "keep_yearly"))
                : null;
        HostSpec spec = new HostSpec(rs.getString("name"), rs.getString("address"),
                Transport.valueOf(rs.getString("transport").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("ssh_user"), Rows.integer(rs, "ssh_port"), rs.getBoolean("use_sudo"),
                Rows.list(rs, "source_paths"), Rows.list(rs, "exclude_patterns"), Rows.list(rs, "rsync_options"),
                Rows.integer(rs, "bwlimit_kbps"), Rows.integer(rs, "timeout_seconds"), override,
                rs.getBoolean("enabled"), rs.getString("notes"));
        return new Host(rs.getLong("id"), spec, Rows.longValue(rs, "active_run_id"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
