package org.pobsync.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.pobsync.db.DatabaseFaults;
import org.pobsync.loop.PeriodicLoop;
import org.pobsync.runs.RunLogRetention;

/**
 * {@link SchedulerService} on a loop: a pass every interval, or sooner when a schedule's next
 * slot comes first, so a run is queued within a second of its slot whatever the interval.
 */
public final class SchedulerLoop extends PeriodicLoop {

    private static final Duration SLOT_MARGIN = Duration.ofMillis(200);
    /** Expired run logs are looked for at most this often: retention is counted in days. */
    static final Duration LOG_CLEANUP_EVERY = Duration.ofHours(1);

    private final SchedulerService scheduler;
    private final RunLogRetention runLogs;
    private final Clock clock;
    private Instant lastLogCleanup = Instant.MIN;

    public SchedulerLoop(SchedulerService scheduler, RunLogRetention runLogs, Clock clock, Duration interval) {
        super("scheduler", interval, interval, SchedulerService.log);
        this.scheduler = scheduler;
        this.runLogs = runLogs;
        this.clock = clock;
    }


    public SchedulerService scheduler() {
        return scheduler;
    }

    @Override
    protected String describe(Throwable failure) {
        return DatabaseFaults.describe(failure);
    }

    @Override
    protected Duration pass() {
        SchedulerService.PassResult r = scheduler.runOnce();
        Instant now = clock.instant();
        if (!now.isBefore(lastLogCleanup.plus(LOG_CLEANUP_EVERY))) {
            lastLogCleanup = now;
            runLogs.deleteExpired();
        }
        return r.nextDueAt()
                .map(t -> Duration.between(clock.instant(), t).plus(SLOT_MARGIN))
                .filter(d -> d.compareTo(interval()) < 0)
                .orElse(interval());
    }
}
