package org.pobsync.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.pobsync.app.AppContext;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.TestClock;
import org.pobsync.testsupport.TestDatabase;

/** The scheduler's decisions, pass by pass, with a clock the test moves. */
class SchedulerServiceTest {

    @TempDir
    Path dir;

    private final List<AppContext> opened = new ArrayList<>();
    private TestClock clock;
    private AppContext app;
    private SchedulerService scheduler;

    private void open(TestDatabase db, String start) {
        clock = TestClock.at(start);
        PobsyncSettings settings = PobsyncSettings.from(db.env(dir));
        app = AppContext.open(settings, clock, 4);
        opened.add(app);
        scheduler = scheduler(app);
    }

    private SchedulerService scheduler(AppContext a) {
        return new SchedulerService(a.database(), new ScheduleRepository(a.database()), a.runs(), a.heartbeats(),
                a.clock());
    }

    @AfterEach
    void close() {
        opened.forEach(AppContext::close);
    }

    private void host(String name, String cron, String zone, boolean prune) {
        app.hosts().save(name, h -> h.address(name).sourcePaths(List.of("/etc")), Editor.maintainer("t"));
        app.schedules().configure(name, cron, zone, prune, true, "t");
    }

    private List<BackupRun> runsOf(String host) {
        return app.runs().list(host, null, 1000, 0);
    }

    private Schedule schedule(String host) {
        return app.schedules().forHost(host).orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void dueScheduleQueuesOneRunAndMovesOnToTheNextSlot(TestDatabase db) {
        open(db, "2024-05-01T10:00:00Z");
        host("web1", "30 2 * * *", "Europe/Berlin", true);
        assertThat(schedule("web1").nextRunAt()).isEqualTo(Instant.parse("2024-05-02T00:30:00Z"));

        assertThat(scheduler.runOnce().enqueued()).isZero();
        clock.set(Instant.parse("2024-05-02T00:30:04Z"));
        SchedulerService.PassResult pass = scheduler.runOnce();

        assertThat(pass.due()).isEqualTo(1);
        assertThat(pass.enqueued()).isEqualTo(1);
        assertThat(pass.nextDueAt()).contains(Instant.parse("2024-05-03T00:30:00Z"));
        BackupRun run = runsOf("web1").get(0);
        assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(run.trigger()).isEqualTo(RunTrigger.SCHEDULE);
        assertThat(run.prune()).isTrue();
        assertThat(run.dryRun()).isFalse();
        Schedule s = schedule("web1");
        assertThat(s.lastEnqueuedAt()).isEqualTo(Instant.parse("2024-05-02T00:30:04Z"));
        assertThat(s.nextRunAt()).isEqualTo(Instant.parse("2024-05-03T00:30:00Z"));
        assertThat(s.lastError()).isNull();
        assertThat(app.heartbeats().all()).anyMatch(h -> h.component().equals("scheduler"));

        clock.advance(Duration.ofMinutes(1));
        assertThat(scheduler.runOnce().due()).isZero();
        assertThat(runsOf("web1")).hasSize(1);
    }

    @Test
    void missedSlotsOfAThreeDayOutageAreCaughtUpOnce() {
        open(TestDatabase.SQLITE, "2024-05-01T10:10:00Z");
        host("web1", "0 * * * *", "UTC", false);
        host("db1", "30 2 * * *", "Europe/Berlin", false);
        scheduler.runOnce();

        clock.set(Instant.parse("2024-05-04T10:20:00Z")); // 72 hourly slots and 3 daily slots missed
        SchedulerService.PassResult pass = scheduler.runOnce();

        assertThat(pass.enqueued()).isEqualTo(2);
        assertThat(runsOf("web1")).hasSize(1);
        assertThat(runsOf("db1")).hasSize(1);
        assertThat(schedule("web1").nextRunAt()).isEqualTo(Instant.parse("2024-05-04T11:00:00Z"));
        assertThat(schedule("db1").nextRunAt()).isEqualTo(Instant.parse("2024-05-05T00:30:00Z"));
        runsOf("web1").forEach(r -> app.runs().cancel(r.id(), "t"));
        runsOf("db1").forEach(r -> app.runs().cancel(r.id(), "t"));
        assertThat(scheduler.runOnce().enqueued()).isZero();
    }

    @Test
    void editingOnlyThePruneFlagKeepsAMissedSlotPending() {
        open(TestDatabase.SQLITE, "2024-05-01T10:10:00Z");
        host("web1", "30 2 * * *", "UTC", false);
        clock.set(Instant.parse("2024-05-03T09:00:00Z")); // the scheduler was down over two slots
        app.schedules().configure("web1", "30 2 * * *", "UTC", true, true, "t");
        assertThat(schedule("web1").nextRunAt()).isEqualTo(Instant.parse("2024-05-02T02:30:00Z"));

        assertThat(scheduler.runOnce().enqueued()).isEqualTo(1);
        assertThat(runsOf("web1").get(0).prune()).isTrue();
        // A new expression starts from now.
        app.schedules().configure("web1", "0 4 * * *", "UTC", true, true, "t");
        assertThat(schedule("web1").nextRunAt()).isEqualTo(Instant.parse("2024-05-04T04:00:00Z"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void slotOfABusyHostIsRecordedAsCoveredAndTheNextSlotQueues(TestDatabase db) {
        open(db, "2024-05-01T10:10:00Z");
        host("web1", "0 * * * *", "UTC", false);
        BackupRun manual = app.runs().enqueue("web1", RunTrigger.MANUAL, false, false, "t");

        clock.set(Instant.parse("2024-05-01T11:00:01Z"));
        SchedulerService.PassResult pass = scheduler.runOnce();

        assertThat(pass.covered()).isEqualTo(1);
        assertThat(runsOf("web1")).hasSize(1);
        assertThat(schedule("web1").lastError()).contains("run " + manual.id(), "still queued or running");
        assertThat(schedule("web1").nextRunAt()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));

        app.runs().cancel(manual.id(), "t");
        clock.set(Instant.parse("2024-05-01T12:00:01Z"));
        assertThat(scheduler.runOnce().enqueued()).isEqualTo(1);
        assertThat(schedule("web1").lastError()).isNull();
    }

    @Test
    void badSchedulesAreRecordedAndDoNotStopTheOthers() {
        open(TestDatabase.SQLITE, "2024-05-01T10:10:00Z");
        for (String h : List.of("a1", "b1", "c1", "d1")) {
            host(h, "0 * * * *", "UTC", false);
        }
        corrupt("b1", "cron_expression", "61 * * * *");
        corrupt("c1", "time_zone", "Mars/Olympus");
        corrupt("d1", "cron_expression", "0 0 30 2 *");

        clock.set(Instant.parse("2024-05-01T11:00:01Z"));
        SchedulerService.PassResult pass = scheduler.runOnce();

        assertThat(pass.enqueued()).isEqualTo(1);
        assertThat(pass.failed()).isEqualTo(3);
        assertThat(runsOf("a1")).hasSize(1);
        assertThat(schedule("b1").lastError()).contains("61 * * * *");
        assertThat(app.database().jdbc().sql("SELECT last_error FROM backup_schedule s JOIN host h ON h.id = s.host_id"
                + " WHERE h.name = 'c1'").query(String.class).single()).contains("Mars/Olympus");
        assertThat(schedule("d1").lastError()).contains("never matches");
        // Still failing on the next pass, still not stopping the good one.
        clock.set(Instant.parse("2024-05-01T12:00:01Z"));
        runsOf("a1").forEach(r -> app.runs().cancel(r.id(), "t"));
        assertThat(scheduler.runOnce().enqueued()).isEqualTo(1);
    }

    @Test
    void hostWhoseRunCannotBeQueuedFailsAloneAndTheRestOfItsBatchIsQueued() {
        open(TestDatabase.SQLITE, "2024-05-01T10:10:00Z");
        for (String h : List.of("a1", "b1", "c1")) {
            host(h, "0 * * * *", "UTC", false);
        }
        // The database refuses runs of b1 (a full disk, a broken row): the batch's INSERT fails.
        app.database().jdbc().sql("CREATE TRIGGER refuse_b1 BEFORE INSERT ON backup_run WHEN NEW.host_id ="
                + " (SELECT id FROM host WHERE name = 'b1') BEGIN SELECT RAISE(ABORT, 'disk on fire'); END").update();

        clock.set(Instant.parse("2024-05-01T11:00:01Z"));
        SchedulerService.PassResult pass = scheduler.runOnce();

        assertThat(pass.enqueued()).isEqualTo(2);
        assertThat(pass.failed()).isEqualTo(1);
        assertThat(runsOf("a1")).hasSize(1);
        assertThat(runsOf("c1")).hasSize(1);
        assertThat(runsOf("b1")).isEmpty();
        assertThat(schedule("b1").lastError()).contains("disk on fire");
        // b1's slot stays due: once the database accepts it, the next pass queues it.
        assertThat(schedule("b1").nextRunAt()).isEqualTo(Instant.parse("2024-05-01T11:00:00Z"));
        app.database().jdbc().sql("DROP TRIGGER refuse_b1").update();
        clock.advance(Duration.ofSeconds(30));
        assertThat(scheduler.runOnce().enqueued()).isEqualTo(1);
        assertThat(runsOf("b1")).hasSize(1);
        assertThat(schedule("b1").lastError()).isNull();
    }

    @Test
    void whenABatchFailsTheScheduleByScheduleRetryKeepsTheBusyHostRule() {
        open(TestDatabase.SQLITE, "2024-05-01T10:10:00Z");
        for (String h : List.of("a1", "b1", "c1")) {
            host(h, "0 * * * *", "UTC", false);
        }
        BackupRun manual = app.runs().enqueue("a1", RunTrigger.MANUAL, false, false, "t");
        app.database().jdbc().sql("CREATE TRIGGER refuse_b1 BEFORE INSERT ON backup_run WHEN NEW.host_id ="
                + " (SELECT id FROM host WHERE name = 'b1') BEGIN SELECT RAISE(ABORT, 'disk on fire'); END").update();

        clock.set(Instant.parse("2024-05-01T11:00:01Z"));
        SchedulerService.PassResult pass = scheduler.runOnce();

        // Retried alone, a1's slot is still covered by its queued run rather than queued twice.
        assertThat(List.of(pass.enqueued(), pass.covered(), pass.failed())).containsExactly(1, 1, 1);
        assertThat(runsOf("a1")).extracting(BackupRun::id).containsExactly(manual.id());
        assertThat(schedule("a1").lastError()).contains("run " + manual.id() + " of the host was still queued");
        assertThat(schedule("a1").nextRunAt()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(runsOf("c1")).hasSize(1);
        assertThat(schedule("b1").lastError()).contains("disk on fire");
    }

    @Test
    void disabledSchedulesAndDisabledHostsAreNotRun() {
        open(TestDatabase.SQLITE, "2024-05-01T10:10:00Z");
        host("on1", "0 * * * *", "UTC", false);
        host("off1", "0 * * * *", "UTC", false);
        host("gone1", "0 * * * *", "UTC", false);
        app.schedules().configure("off1", "0 * * * *", "UTC", false, false, "t");
        app.hosts().save("gone1", h -> h.enabled(false), Editor.maintainer("t"));

        clock.set(Instant.parse("2024-05-01T11:00:01Z"));
        assertThat(scheduler.runOnce().enqueued()).isEqualTo(1);
        assertThat(runsOf("on1")).hasSize(1);
        assertThat(runsOf("off1")).isEmpty();
        assertThat(runsOf("gone1")).isEmpty();
    }

    @Test
    void scheduleWithoutANextRunGetsOneAndRunsNothingYet() {
        open(TestDatabase.SQLITE, "2024-05-01T10:10:00Z");
        host("web1", "0 * * * *", "UTC", false);
        app.database().jdbc().sql("UPDATE backup_schedule SET next_run_at = NULL").update();

        assertThat(scheduler.runOnce().enqueued()).isZero();
        assertThat(schedule("web1").nextRunAt()).isEqualTo(Instant.parse("2024-05-01T11:00:00Z"));
    }

    /**
     * A pass every 10 minutes for three days around each change; every queued run ends before the
     * next pass. A daily schedule must produce exactly one run per local day.
     */
    @ParameterizedTest
    @CsvSource({
            "30 2 * * *, Europe/Berlin, 2024-03-30",
            "30 2 * * *, Europe/Berlin, 2024-10-26",
            "0 2 * * *, Europe/Berlin, 2024-03-30",
            "30 2 * * *, America/New_York, 2024-03-09",
            "30 1 * * *, America/New_York, 2024-11-02"})
    void dailyScheduleQueuesOneRunPerDayAcrossDaylightSaving(String cron, String zone, String firstDay) {
        ZoneId z = ZoneId.of(zone);
        Instant start = LocalDate.parse(firstDay).atStartOfDay(z).toInstant();
        open(TestDatabase.SQLITE, start.toString());
        host("web1", cron, zone, false);
        Instant end = LocalDate.parse(firstDay).plusDays(3).atStartOfDay(z).toInstant();
        while (clock.instant().isBefore(end)) {
            clock.advance(Duration.ofMinutes(10));
            scheduler.runOnce();
            runsOf("web1").stream().filter(r -> r.status() == RunStatus.QUEUED)
                    .forEach(r -> app.runs().cancel(r.id(), "t"));
        }
        Map<LocalDate, Long> perDay = runsOf("web1").stream().collect(Collectors.groupingBy(
                r -> r.queuedAt().atZone(z).toLocalDate(), TreeMap::new, Collectors.counting()));
        assertThat(perDay).hasSize(3);
        assertThat(perDay.values()).containsOnly(1L);
    }

    /** Two schedulers (two connection pools, as two processes would have) on one database. */
    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void twoSchedulersAtOnceNeverQueueOneSlotTwice(TestDatabase db) throws Exception {
        open(db, "2024-05-01T10:10:00Z");
        int hosts = 40;
        for (int i = 0; i < hosts; i++) {
            host("h" + i, "0 * * * *", "UTC", false);
        }
        AppContext second = AppContext.open(app.settings(), clock, 4);
        opened.add(second);
        SchedulerService other = scheduler(second);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= 3; round++) {
                clock.set(Instant.parse("2024-05-01T10:00:01Z").plus(Duration.ofHours(round)));
                Future<SchedulerService.PassResult> a = pool.submit(scheduler::runOnce);
                Future<SchedulerService.PassResult> b = pool.submit(other::runOnce);
                int enqueued = a.get(60, TimeUnit.SECONDS).enqueued() + b.get(60, TimeUnit.SECONDS).enqueued();
                assertThat(enqueued).as("round %d", round).isEqualTo(hosts);
                for (int i = 0; i < hosts; i++) {
                    List<BackupRun> runs = runsOf("h" + i);
                    assertThat(runs).as("runs of h%d after round %d", i, round).hasSize(round);
                    runs.stream().filter(r -> r.status() == RunStatus.QUEUED).forEach(r -> app.runs().cancel(r.id(), "t"));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void corrupt(String host, String column, String value) {
        app.database().jdbc().sql("UPDATE backup_schedule SET " + column + " = ? WHERE host_id ="
                + " (SELECT id FROM host WHERE name = ?)").params(value, host).update();
    }
}
