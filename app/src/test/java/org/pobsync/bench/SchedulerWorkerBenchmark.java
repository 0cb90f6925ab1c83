package org.pobsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pobsync.app.AppContext;
import org.pobsync.db.Database;
import org.pobsync.runs.RunStatus;
import org.pobsync.schedule.ScheduleRepository;
import org.pobsync.schedule.SchedulerService;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.ScheduleSeeder;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.worker.WorkerService;

/**
 * The scheduler and worker figures of docs/benchmarks.md; run by bench/scheduler-worker.sh
 * (BENCH_DIR: where the databases go, BENCH_OUT: the results file). Not part of the test suite
 * (the class name does not end in Test).
 */
class SchedulerWorkerBenchmark {

    static final int SCHEDULES = 10_000;
    static final int RUNS = 1_000;
    static final int WORKERS = 4;

    private final Path base = Path.of(System.getenv().getOrDefault("BENCH_DIR", "/dev/shm/pobsync-bench"));
    private final Path out = Path.of(System.getenv().getOrDefault("BENCH_OUT", base.resolve("results.txt").toString()));
    /** The same figures as shell assignments, for the script that writes docs/benchmarks.md. */
    private final Path vars = out.resolveSibling("results.env");

    @Test
    void schedulerPassOverTenThousandSchedules() throws Exception {
        try (AppContext app = open("scheduler", TestDatabase.SQLITE)) {
            Database db = app.database();
            // 1,440 distinct expressions: one per minute of the day, as varied as real fleets get.
            ScheduleSeeder.seed(db, "h", SCHEDULES, i -> (i % 60) + " " + (i / 60 % 24) + " * * *", "Europe/Berlin",
                    Instant.now().plus(Duration.ofDays(1)), "/etc");
            SchedulerService scheduler = new SchedulerService(db, new ScheduleRepository(db), app.runs(),
                    app.heartbeats(), app.clock());
            List<Long> idle = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                idle.add(scheduler.runOnce().took().toNanos() / 1000);
            }
            report("scheduler pass, 10,000 enabled schedules, none due: first %.1f ms, median of 20 %.1f ms",
                    idle.get(0) / 1000.0, median(idle) / 1000.0);
            variable("idle_first_ms", String.format(Locale.ROOT, "%.1f", idle.get(0) / 1000.0));
            variable("idle_median_ms", String.format(Locale.ROOT, "%.1f", median(idle) / 1000.0));

            for (String shape : List.of("1,440 distinct expressions", "one expression for all")) {
                if (shape.startsWith("one")) {
                    db.jdbc().sql("UPDATE backup_schedule SET cron_expression = '0 2 * * *'").update();
                }
                List<String> rounds = new ArrayList<>();
                for (int round = 1; round <= 3; round++) {
                    makeAllDue(db);
                    SchedulerService.PassResult r = scheduler.runOnce();
                    report("scheduler pass, 10,000 schedules all due (%s), round %d: %d queued in %d ms",
                            shape, round, r.enqueued(), r.took().toMillis());
                    rounds.add(String.valueOf(r.took().toMillis()));
                }
                variable(shape.startsWith("one") ? "due_same_ms" : "due_distinct_ms", String.join(" / ", rounds));
            }
        }
    }

    @Test
    void claimThroughputWithFourWorkers() throws Exception {
        for (TestDatabase db : TestDatabase.values()) {
            Map<String, String> env = db.env(base.resolve("claims-" + db.name().toLowerCase(Locale.ROOT)));
            List<AppContext> workers = new ArrayList<>();
            try (AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2)) {
                ScheduleSeeder.seed(app.database(), "h", RUNS, i -> "0 2 * * *", "UTC",
                        Instant.now().plus(Duration.ofDays(1)), "/etc");
                PobsyncSettings settings = app.settings();
                for (int i = 0; i < WORKERS; i++) {
                    workers.add(AppContext.open(settings, Clock.systemUTC(), 2));
                }
                List<String> rates = new ArrayList<>();
                for (int round = 1; round <= 2; round++) {
                    queueOnePerHost(app.database());
                    AtomicInteger done = new AtomicInteger();
                    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
                    long t0 = System.nanoTime();
                    List<Future<?>> futures = new ArrayList<>();
                    for (int w = 0; w < WORKERS; w++) {
                        AppContext worker = workers.get(w);
                        String id = "worker:bench:" + w;
                        futures.add(pool.submit(() -> {
                            while (true) {
                                var run = worker.runs().claimNext(id);
                                if (run.isEmpty()) {
                                    return null;
                                }
                                worker.runs().finish(run.get(), RunStatus.SUCCEEDED, 0, null, null, null, null);
                                done.incrementAndGet();
                            }
                        }));
                    }
                    for (Future<?> f : futures) {
                        f.get(10, TimeUnit.MINUTES);
                    }
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    pool.shutdown();
                    report("claim + finish (no rsync), %d queued runs, %d workers with their own pools, %s, round %d:"
                                    + " %d runs in %.2f s = %.0f runs/s", RUNS, WORKERS, db.name(), round, done.get(),
                            seconds, done.get() / seconds);
                    rates.add(String.format(Locale.ROOT, "%.0f", done.get() / seconds));
                }
                variable("claims_" + db.name().toLowerCase(Locale.ROOT), String.join(" / ", rates));
            } finally {
                workers.forEach(AppContext::close);
            }
        }
    }

    /**
     * What an idle worker pays for starting "Back up now" at once: the look at the queue it makes
     * every second between passes (WorkerService.newWorkQueued), against a run table of 100,000
     * finished runs, on both databases.
     */
    @Test
    void idleWorkersQueuePoll() throws Exception {
        for (TestDatabase db : TestDatabase.values()) {
            try (AppContext app = open("poll-" + db.name().toLowerCase(Locale.ROOT), db)) {
                ScheduleSeeder.seed(app.database(), "h", 1_000, i -> "0 2 * * *", "UTC",
                        Instant.now().plus(Duration.ofDays(1)), "/etc");
                for (int i = 0; i < 100; i++) {
                    queueOnePerHost(app.database());
                    app.database().jdbc().sql("UPDATE backup_run SET status = 'succeeded', finished_at = 1"
                            + " WHERE status = 'queued'").update();
                }
                WorkerService worker = new WorkerService(app.runs(), app.backups(), app.prunes(), app.globalConfig(),
                        app.heartbeats(), app.clock(), 1);
                List<Long> micros = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    long t0 = System.nanoTime();
                    worker.newWorkQueued();
                    micros.add((System.nanoTime() - t0) / 1000);
                }
                List<Long> warm = micros.subList(1_000, micros.size());
                report("idle worker's queue poll (newest queued run and prune request), 100,000 finished runs, %s:"
                        + " median %d µs, 99th percentile %d µs", db.name(), median(warm), percentile(warm, 99));
                variable("poll_" + db.name().toLowerCase(Locale.ROOT) + "_us", median(warm) + " (p99 "
                        + percentile(warm, 99) + ")");
            }
        }
    }

    @Test
    void emptyLocalBackupsWithFourWorkers() throws Exception {
        Path empty = Files.createDirectories(base.resolve("empty-source"));
        try (AppContext app = open("backups", TestDatabase.SQLITE)) {
            Files.createDirectories(app.globalConfig().get().backupRoot());
            ScheduleSeeder.seed(app.database(), "h", RUNS, i -> "0 2 * * *", "UTC",
                    Instant.now().plus(Duration.ofDays(1)), empty.toString());
            queueOnePerHost(app.database());
            List<AppContext> contexts = new ArrayList<>();
            List<WorkerService> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                AppContext c = AppContext.open(app.settings(), Clock.systemUTC(), 4);
                contexts.add(c);
                workers.add(new WorkerService(c.runs(), c.backups(), c.globalConfig(), c.heartbeats(), c.clock(), 1));
            }
            long t0 = System.nanoTime();
            while (app.runs().count(null, RunStatus.QUEUED) > 0 || app.runs().count(null, RunStatus.RUNNING) > 0) {
                for (WorkerService w : workers) {
                    w.runOnce();
                }
                Thread.sleep(5);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long ok = app.runs().count(null, RunStatus.SUCCEEDED);
            report("local-transport backups of an empty directory (rsync, snapshot, records), %d runs, %d workers"
                    + " of concurrency 1: %d succeeded in %.1f s = %.1f runs/s", RUNS, WORKERS, ok, seconds, ok / seconds);
            variable("backups_per_s", String.format(Locale.ROOT, "%.1f", ok / seconds));
            variable("backups_ok", String.valueOf(ok));
            workers.forEach(w -> w.stop(Duration.ofSeconds(10)));
            contexts.forEach(AppContext::close);
        }
    }

    private AppContext open(String name, TestDatabase db) {
        return AppContext.open(PobsyncSettings.from(db.env(base.resolve(name))), Clock.systemUTC(), 4);
    }

    private static void makeAllDue(Database db) {
        db.jdbc().sql("UPDATE backup_run SET status = 'cancelled', finished_at = 0 WHERE status = 'queued'").update();
        db.jdbc().sql("UPDATE backup_schedule SET next_run_at = ?")
                .param(Instant.now().minus(Duration.ofMinutes(1)).toEpochMilli()).update();
    }

    /** One queued run per host, inserted in one transaction. */
    private static void queueOnePerHost(Database db) {
        long now = Instant.now().toEpochMilli();
        db.tx().executeWithoutResult(tx -> db.jdbc().sql("INSERT INTO backup_run (host_id, trigger_kind, dry_run,"
                + " prune, status, cancel_requested, queued_at) SELECT id, 'manual', ?, ?, 'queued', ?, ? + id FROM host")
                .params(false, false, false, now).update());
    }

    private static long percentile(List<Long> values, int p) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private void variable(String name, String value) throws IOException {
        Files.writeString(vars, name + "='" + value + "'\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void report(String format, Object... args) throws IOException {
        String line = String.format(Locale.ROOT, format, args);
        System.err.println("BENCH " + line);
        Files.createDirectories(out.getParent());
        Files.writeString(out, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
