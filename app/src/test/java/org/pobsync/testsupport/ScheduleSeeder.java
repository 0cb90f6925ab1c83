package org.pobsync.testsupport;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.pobsync.db.Database;

/**
 * Many local-transport hosts with a schedule each, inserted in bulk (the services would take
 * minutes for thousands): for scheduler races and the scheduler benchmark.
 */
public final class ScheduleSeeder {

    private ScheduleSeeder() {
    }

    /**
     * Creates hosts {@code prefix0..prefix(count-1)} backing up {@code sourcePath}, each with an
     * enabled schedule {@code cron.apply(i)} in {@code zone} whose next run is {@code nextRunAt}.
     */
    public static void seed(Database db, String prefix, int count, IntFunction<String> cron, String zone,
                            Instant nextRunAt, String sourcePath) {
        long now = Instant.now().toEpochMilli();
        db.tx().executeWithoutResult(tx -> {
            List<Object[]> hosts = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                hosts.add(new Object[] {prefix + i, "localhost", "local", false, "[\"" + sourcePath + "\"]", "[]", "[]",
                        false, true, now, now});
            }
            new org.springframework.jdbc.core.JdbcTemplate(db.dataSource()).batchUpdate(
                    "INSERT INTO host (name, address, transport, use_sudo, source_paths, exclude_patterns,"
                            + " rsync_options, retention_override, enabled, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", hosts);
            List<Long> ids = db.jdbc().sql("SELECT id FROM host WHERE name LIKE ? ORDER BY id")
                    .param(prefix + "%").query(Long.class).list();
            List<Object[]> schedules = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                schedules.add(new Object[] {ids.get(i), cron.apply(i), zone, false, true, nextRunAt.toEpochMilli(), now,
                        now});
            }
            new org.springframework.jdbc.core.JdbcTemplate(db.dataSource()).batchUpdate(
                    "INSERT INTO backup_schedule (host_id, cron_expression, time_zone, prune, enabled, next_run_at,"
                            + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", schedules);
        });
    }
}
