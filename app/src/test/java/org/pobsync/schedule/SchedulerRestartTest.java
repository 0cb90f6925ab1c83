package org.pobsync.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.db.Database;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.ScheduleSeeder;
import org.pobsync.testsupport.TestDatabase;

/** A scheduler process killed with SIGKILL in the middle of a pass, then started again. */
class SchedulerRestartTest {

    static final int SCHEDULES = 1500;

    @TempDir
    Path dir;

    @Test
    void killedAndRestartedSchedulerQueuesEverySlotExactlyOnce() {
        Map<String, String> env = TestDatabase.SQLITE.env(dir.resolve("var"));
        try (AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2)) {
            Database db = app.database();
            ScheduleSeeder.seed(db, "h", SCHEDULES, i -> (i % 60) + " * * * *", "UTC",
                    Instant.now().minus(Duration.ofMinutes(5)), "/etc");
            long queuedAtKill = -1;
            for (int attempt = 1; attempt <= 4 && (queuedAtKill <= 0 || queuedAtKill >= SCHEDULES); attempt++) {
                resetQueue(db);
                try (PobsyncProcess scheduler = PobsyncProcess.start(env, dir.resolve("kill-" + attempt + ".log"),
                        "scheduler")) {
                    queuedAtKill = killOnceRunsAppear(db, scheduler);
                    System.out.print(scheduler.log());
                }
            }
            assertThat(queuedAtKill).as("runs queued when SIGKILL came (between 0 and all)")
                    .isStrictlyBetween(0L, (long) SCHEDULES);

            // Slots after this instant may fall due while the test runs on a slow machine (25 of
            // the schedules share each minute): only those before it must have moved on.
            Instant beforeRestart = Instant.now();
            try (PobsyncProcess again = PobsyncProcess.start(env, dir.resolve("again.log"), "scheduler")) {
                assertThat(again.waitFor(Duration.ofSeconds(120))).as(again.log()).isZero();
                System.out.print(again.log());
                assertThat(again.log()).contains("scheduler: " + (SCHEDULES - queuedAtKill) + " due, "
                        + (SCHEDULES - queuedAtKill) + " queued");
            }

            List<Long> perHost = db.jdbc().sql("SELECT COUNT(r.id) FROM host h LEFT JOIN backup_run r"
                    + " ON r.host_id = h.id AND r.status = 'queued' AND r.trigger_kind = 'schedule' GROUP BY h.id")
                    .query(Long.class).list();
            assertThat(perHost).hasSize(SCHEDULES).containsOnly(1L);
            assertThat(db.jdbc().sql("SELECT COUNT(*) FROM backup_schedule WHERE next_run_at <= ?")
                    .param(beforeRestart.toEpochMilli()).query(Long.class).single()).isZero();
        }
    }

    /** Polls the queue as fast as SQLite allows and kills the scheduler as soon as a batch is in. */
    private static long killOnceRunsAppear(Database db, PobsyncProcess scheduler) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            long queued = countQueued(db);
            if (queued > 0 || !scheduler.isAlive()) {
                scheduler.kill9();
                return countQueued(db);
            }
        }
        throw new AssertionError("the scheduler queued nothing within 120 s:\n" + scheduler.log());
    }

    private static long countQueued(Database db) {
        return db.jdbc().sql("SELECT COUNT(*) FROM backup_run WHERE status = 'queued'").query(Long.class).single();
    }

    /** Back to "every schedule due, nothing queued" for another attempt. */
    private static void resetQueue(Database db) {
        db.jdbc().sql("UPDATE backup_run SET status = 'cancelled', finished_at = 0 WHERE status = 'queued'").update();
        db.jdbc().sql("UPDATE backup_schedule SET next_run_at = ?")
                .param(Instant.now().minus(Duration.ofMinutes(5)).toEpochMilli()).update();
    }
}
