package org.pobsync.legacy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.RetentionSettings;

/** The keys of {@code config/global.yaml} and the retention block it shares with host files (docs/legacy-yaml.md). */
final class LegacyGlobalFile {

    static final List<String> KEYS = List.of("backup_root", "retention", "rsync_timeout", "max_concurrent_backups",
            "default_ssh_user", "default_ssh_port", "stale_run_timeout", "run_log_retention_days");
    static final List<String> RETENTION_KEYS = List.of("keep_last", "keep_hourly", "keep_daily", "keep_weekly",
            "keep_monthly", "keep_yearly");

    private static final GlobalConfig DEFAULTS = GlobalConfig.defaults(Path.of("/"), Instant.EPOCH);

    private LegacyGlobalFile() {
    }

    /** The file's settings; null when something is wrong (reported). Absent keys take the documented defaults. */
    static LegacyGlobal read(YamlMap m, LegacyProblems problems) {
        int before = problems.size();
        m.require("backup_root", "the absolute path snapshots are stored under");
        String root = m.string("backup_root");
        RetentionSettings retention = m.has("retention") ? readRetention(m, problems) : DEFAULTS.retention();
        LegacyGlobal g = new LegacyGlobal(root, retention,
                or(m.integer("rsync_timeout"), DEFAULTS.rsyncTimeoutSeconds()),
                or(m.integer("max_concurrent_backups"), DEFAULTS.maxConcurrentBackups()),
                or(m.string("default_ssh_user"), DEFAULTS.defaultSshUser()),
                or(m.integer("default_ssh_port"), DEFAULTS.defaultSshPort()),
                or(m.integer("stale_run_timeout"), DEFAULTS.staleRunTimeoutSeconds()),
                or(m.integer("run_log_retention_days"), DEFAULTS.runLogRetentionDays()));
        return problems.size() == before ? g : null;
    }

    /** The {@code retention:} mapping under {@code m}: exactly the rules it lists (a rule left out is unset). */
    static RetentionSettings readRetention(YamlMap parent, LegacyProblems problems) {
        YamlMap r = parent.map("retention", RETENTION_KEYS);
        if (r == null) {
            return null;
        }
        Integer[] v = new Integer[RETENTION_KEYS.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.integer(RETENTION_KEYS.get(i));
            Integer[] single = new Integer[v.length];
            single[i] = v[i];
            try {
                // RetentionSettings holds the range rule; one rule at a time names the key at fault.
                new RetentionSettings(single[0], single[1], single[2], single[3], single[4], single[5]);
            } catch (IllegalArgumentException e) {
                problems.add(r.file(), r.key(RETENTION_KEYS.get(i)), r.line(RETENTION_KEYS.get(i)),
                        e.getMessage().replaceFirst("^keep-[a-z]+ ", ""));
                v[i] = null;
            }
        }
        return new RetentionSettings(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    static Map<String, Object> document(LegacyGlobal g) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("backup_root", g.backupRoot());
        d.put("retention", retentionDocument(g.retention()));
        d.put("rsync_timeout", g.rsyncTimeoutSeconds());
        d.put("max_concurrent_backups", g.maxConcurrentBackups());
        d.put("default_ssh_user", g.defaultSshUser());
        d.put("default_ssh_port", g.defaultSshPort());
        d.put("stale_run_timeout", g.staleRunTimeoutSeconds());
        d.put("run_log_retention_days", g.runLogRetentionDays());
        return d;
    }

    /** All six rules, unset ones as null, so the file shows the whole policy. */
    static Map<String, Object> retentionDocument(RetentionSettings r) {
        if (r == null) {
            return null;
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("keep_last", r.keepLast());
        d.put("keep_hourly", r.keepHourly());
        d.put("keep_daily", r.keepDaily());
        d.put("keep_weekly", r.keepWeekly());
        d.put("keep_monthly", r.keepMonthly());
        d.put("keep_yearly", r.keepYearly());
        return d;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
