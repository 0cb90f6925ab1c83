package org.pobsync.schedule;

import java.time.Clock;
import java.time.Duration;
import org.pobsync.db.DatabaseFaults;
import org.pobsync.loop.PeriodicLoop;

/**
 * {@link SchedulerService} on a loop: a pass every interval, or sooner when a schedule's next
 * slot comes first, so a run is queued within a second of its slot whatever the interval.
 */
public final class SchedulerLoop extends PeriodicLoop {

    private static final Duration SLOT_MARGIN = Duration.ofMillis(200);

    private final SchedulerService scheduler;
    private final Clock clock;

    public SchedulerLoop(SchedulerService scheduler, Clock clock, Duration interval) {
        super("scheduler", interval, interval, SchedulerService.log);
        this.scheduler = scheduler;
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
        return r.nextDueAt()
                .map(t -> Duration.between(clock.instant(), t).plus(SLOT_MARGIN))
                .filter(d -> d.compareTo(interval()) < 0)
                .orElse(interval());
    }
}
