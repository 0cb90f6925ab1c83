package org.pobsync.schedule;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.pobsync.db.Database;
import org.pobsync.db.DatabaseFaults;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.runs.RunService;
import org.pobsync.runs.RunTrigger;
import org.pobsync.schedule.ScheduleRepository.DueRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduler pass: every enabled schedule of an enabled host whose next slot has come is
 * either turned into a queued run (trigger {@code schedule}) or, when the host already has a
 * queued or running run, recorded as covered by that run. Either way the schedule moves on to
 * its first slot after now, so slots missed while the scheduler was down are caught up once,
 * not once per missed slot.
 *
 * <p>The decision lives in the database, not in this process: the schedule moves on by a
 * conditional UPDATE (from the slot this pass read) in the same transaction as the enqueue. A
 * scheduler killed at any point and started again, or two schedulers at once, never queue one
 * slot twice and never lose one.
 */
public final class SchedulerService {

    static final Logger log = LoggerFactory.getLogger("scheduler");
    static final String ACTOR = "scheduler";
    /**
     * Schedules decided per transaction. A batch costs a handful of prepared statements whatever
     * its size (statement preparation dominates on SQLite), and holds the write lock briefly.
     */
    static final int BATCH = 500;
    private static final DateTimeFormatter SLOT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT);
    private static final int PARSED_CACHE_LIMIT = 10_000;

    private final Database db;
    private final ScheduleRepository schedules;
    private final RunService runs;
    private final Heartbeats heartbeats;
    private final Clock clock;
    private final Instant startedAt;
    /** cron-utils parses slowly (~0.1 ms); most schedules share a handful of expressions. */
    private final Map<String, CronExpression> parsed = new ConcurrentHashMap<>();

    /** What a pass did; {@code nextDueAt} is the earliest slot after it (empty: none scheduled). */
    public record PassResult(int due, int enqueued, int covered, int failed, Optional<Instant> nextDueAt,
                             Duration took) {
    }

    public SchedulerService(Database db, ScheduleRepository schedules, RunService runs, Heartbeats heartbeats,
                            Clock clock) {
        this.db = db;
        this.schedules = schedules;
        this.runs = runs;
        this.heartbeats = heartbeats;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    public PassResult runOnce() {
        long t0 = System.nanoTime();
        Instant now = clock.instant();
        heartbeats.beat("scheduler", startedAt);
        List<DueRow> due = schedules.findDueRows(now);
        Map<String, Optional<Instant>> nextSlots = new HashMap<>();
        List<Decision> decisions = new ArrayList<>(due.size());
        for (DueRow row : due) {
            decisions.add(decide(row, now, nextSlots));
        }
        Tally tally = new Tally();
        for (int from = 0; from < decisions.size(); from += BATCH) {
            applyBatch(decisions.subList(from, Math.min(decisions.size(), from + BATCH)), now, tally);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        if (!due.isEmpty()) {
            log.info("pass: {} due, {} queued, {} covered by a run already queued or running, {} failed, in {} ms",
                    due.size(), tally.enqueued, tally.covered, tally.failed, took.toMillis());
        }
        return new PassResult(due.size(), tally.enqueued, tally.covered, tally.failed,
                schedules.earliestNextRunAfter(clock.instant()), took);
    }

    /** What to do with one due schedule, computed without the database. */
    private record Decision(DueRow row, ZoneId zone, Instant next, String error) {
    }

    /** The outcome of one decision, logged only after its transaction committed. */
    private record Applied(Kind kind, String message) {
    }

    private enum Kind { ENQUEUED, COVERED, FIRST_SLOT, ERROR, STILL_FAILING, UNCHANGED }

    private static final class Tally {
        int enqueued;
        int covered;
        int failed;
    }

    private Decision decide(DueRow row, Instant now, Map<String, Optional<Instant>> nextSlots) {
        try {
            CronExpression cron = parsed(row.cronExpression());
            ZoneId zone = zone(row.timeZone());
            Optional<Instant> next = nextSlots.computeIfAbsent(cron.text() + " " + zone.getId(),
                    k -> cron.nextAfter(now, zone));
            if (next.isEmpty()) {
                return new Decision(row, zone, null, "cron expression '" + cron.text() + "' never matches a date");
            }
            return new Decision(row, zone, next.get(), null);
        } catch (IllegalArgumentException e) {
            return new Decision(row, null, null, e.getMessage());
        }
    }

    private void applyBatch(List<Decision> batch, Instant now, Tally tally) {
        List<Applied> applied;
        try {
            applied = db.tx().execute(tx -> applyTogether(batch, now));
        } catch (RuntimeException batchFailed) {
            // The whole batch rolled back: decide each schedule on its own, as a batch of one, so
            // one bad schedule or host costs only itself and the rule stays the same.
            log.warn("a batch of {} schedules failed ({}); deciding them one by one", batch.size(),
                    cause(batchFailed));
            applied = new ArrayList<>(batch.size());
            for (Decision d : batch) {
                applied.add(applyAlone(d, now));
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            report(batch.get(i).row(), applied.get(i), tally);
        }
    }

    /**
     * The batch in one transaction, with a handful of statements whatever its size: move the due
     * schedules on (each only if still at the slot this pass read), queue runs for those whose
     * host is idle ({@link RunService#enqueueIdle}, the one place that rule lives), and record the
     * outcome on each schedule.
     */
    private List<Applied> applyTogether(List<Decision> batch, Instant now) {
        Applied[] out = new Applied[batch.size()];
        List<Integer> due = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Decision d = batch.get(i);
            if (d.error() != null || d.row().nextRunAt() == null) {
                out[i] = applyNotDue(d);
            } else {
                due.add(i);
            }
        }
        boolean[] moved = schedules.advanceAll(due.stream().map(i -> batch.get(i))
                .map(d -> new ScheduleRepository.Advance(d.row().id(), d.row().nextRunAt(), d.next())).toList());
        List<Integer> ours = new ArrayList<>();
        for (int k = 0; k < due.size(); k++) {
            if (moved[k]) {
                ours.add(due.get(k));
            } else {
                // Another scheduler took this slot, or the schedule was just edited or disabled.
                out[due.get(k)] = new Applied(Kind.UNCHANGED, null);
            }
        }
        RunService.QueueResult queued = runs.enqueueIdle(ours.stream().map(batch::get)
                .map(d -> new RunService.QueueRequest(d.row().hostId(), d.row().hostName(), d.row().prune()))
                .toList(), RunTrigger.SCHEDULE, ACTOR);
        List<Long> enqueuedIds = new ArrayList<>();
        List<Long> coveredIds = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (int i : ours) {
            Decision d = batch.get(i);
            Long run = queued.queued().get(d.row().hostId());
            if (run != null) {
                enqueuedIds.add(d.row().id());
                out[i] = enqueued(d, run, now);
            } else {
                String note = coveredNote(d, queued.busy().get(d.row().hostId()));
                coveredIds.add(d.row().id());
                notes.add(note);
                out[i] = new Applied(Kind.COVERED, note + "; next run " + slot(d.next(), d.zone()));
            }
        }
        schedules.markEnqueued(enqueuedIds, now);
        schedules.recordErrors(coveredIds, notes);
        return List.of(out);
    }

    private Applied applyAlone(Decision d, Instant now) {
        try {
            return db.tx().execute(tx -> applyTogether(List.of(d), now).get(0));
        } catch (RuntimeException e) {
            return recordFailure(d, e);
        }
    }

    private Applied recordFailure(Decision d, RuntimeException e) {
        String message = "scheduling failed: " + cause(e);
        try {
            schedules.recordError(d.row().id(), message);
        } catch (RuntimeException again) {
            log.warn("schedule of {}: cannot record the error: {}", d.row().hostName(), again.getMessage());
        }
        return new Applied(Kind.ERROR, message);
    }

    /** A schedule that queues nothing now: its expression or zone is broken, or it has no slot yet. */
    private Applied applyNotDue(Decision d) {
        DueRow row = d.row();
        if (d.error() != null) {
            if (d.error().equals(row.lastError())) {
                return new Applied(Kind.STILL_FAILING, d.error());
            }
            schedules.recordError(row.id(), d.error());
            return new Applied(Kind.ERROR, d.error());
        }
        return schedules.advance(row.id(), null, d.next(), null, null)
                ? new Applied(Kind.FIRST_SLOT, "first run " + slot(d.next(), d.zone()))
                : new Applied(Kind.UNCHANGED, null);
    }

    private static Applied enqueued(Decision d, long runId, Instant now) {
        return new Applied(Kind.ENQUEUED, "queued run " + runId + " for slot " + slot(d.row().nextRunAt(), d.zone())
                + lateness(d.row().nextRunAt(), now) + (d.row().prune() ? ", prune after" : "") + "; next run "
                + slot(d.next(), d.zone()));
    }

    private static String coveredNote(Decision d, Long activeRun) {
        return "slot " + slot(d.row().nextRunAt(), d.zone()) + " not queued: run " + activeRun
                + " of the host was still queued or running";
    }

    private static void report(DueRow row, Applied a, Tally tally) {
        switch (a.kind()) {
            case ENQUEUED -> {
                tally.enqueued++;
                log.info("schedule of {}: {}", row.hostName(), a.message());
            }
            case COVERED -> {
                tally.covered++;
                log.warn("schedule of {}: {}", row.hostName(), a.message());
            }
            case FIRST_SLOT -> log.info("schedule of {}: {}", row.hostName(), a.message());
            case ERROR -> {
                tally.failed++;
                log.warn("schedule of {}: {}", row.hostName(), a.message());
            }
            case STILL_FAILING -> tally.failed++; // logged when it first failed; recorded on the schedule
            case UNCHANGED -> {
            }
        }
    }

    private CronExpression parsed(String text) {
        CronExpression cron = parsed.get(text);
        if (cron == null) {
            cron = CronExpression.parse(text);
            if (parsed.size() >= PARSED_CACHE_LIMIT) {
                parsed.clear();
            }
            parsed.put(text, cron);
        }
        return cron;
    }

    private static ZoneId zone(String id) {
        try {
            return ZoneId.of(id);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + id + "'");
        }
    }

    /** The database's own words, without the SQL wrapping Spring adds or a Java class name. */
    private static String cause(Throwable e) {
        return DatabaseFaults.describe(e);
    }

    private static String slot(Instant t, ZoneId zone) {
        return SLOT.format(t.atZone(zone));
    }

    /** ", 3 days late" for a slot caught up after downtime; empty for an ordinary pass. */
    private static String lateness(Instant slot, Instant now) {
        Duration late = Duration.between(slot, now);
        if (late.compareTo(Duration.ofMinutes(5)) < 0) {
            return "";
        }
        return ", caught up " + org.pobsync.format.Human.duration(late) + " late (missed slots run once)";
    }
}
