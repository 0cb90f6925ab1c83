package org.pobsync.worker;

import java.time.Duration;
import org.pobsync.db.DatabaseFaults;
import org.pobsync.loop.PeriodicLoop;

/**
 * {@link WorkerService} on a loop: a pass every interval, at once when a backup ends (so the
 * next queued run does not wait for the interval), and within {@link #QUEUE_POLL} of a run or
 * prune being queued (the panel's "Back up now", a scheduled slot); heartbeats in between, often
 * enough that a live run never looks stale even while rsync is silent or the snapshot is being
 * flushed.
 */
public final class WorkerLoop extends PeriodicLoop {

    /** How often an idle worker looks for newly queued work: one index seek per queue. */
    static final Duration QUEUE_POLL = Duration.ofSeconds(1);

    private final WorkerService worker;
    private final Duration heartbeatEvery;
    private long lastHeartbeat = System.nanoTime();

    public WorkerLoop(WorkerService worker, Duration interval, Duration heartbeatEvery) {
        super("worker", interval, QUEUE_POLL.compareTo(heartbeatEvery) < 0 ? QUEUE_POLL : heartbeatEvery,
                WorkerService.log);
        this.worker = worker;
        this.heartbeatEvery = heartbeatEvery;
        worker.onRunEnded(this::wake);
    }


    public WorkerService worker() {
        return worker;
    }

    @Override
    protected Duration pass() {
        WorkerService.PassResult r = worker.runOnce();
        if (r.recovered() > 0 || r.claimed() > 0) {
            WorkerService.log.debug("pass: {} lost run(s) failed, {} claimed, {} of {} slot(s) busy", r.recovered(),
                    r.claimed(), r.running(), r.limit());
        }
        return interval();
    }

    @Override
    protected void tick() {
        if (System.nanoTime() - lastHeartbeat >= heartbeatEvery.toNanos() - QUEUE_POLL.toNanos() / 2) {
            lastHeartbeat = System.nanoTime();
            worker.heartbeat();
        }
        if (worker.newWorkQueued()) {
            wake();
        }
    }

    @Override
    protected String describe(Throwable failure) {
        return DatabaseFaults.describe(failure);
    }

    /** One pass, then waits (heartbeating) until the backups it started have ended. */
    @Override
    public boolean runOnce() {
        if (!super.runOnce()) {
            return false;
        }
        try {
            while (!worker.awaitIdle(heartbeatEvery)) {
                try {
                    worker.heartbeat();
                } catch (RuntimeException e) {
                    WorkerService.log.warn("heartbeat failed: {}", e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }

    @Override
    protected void beforeStop() {
        worker.markStopping();
    }

    @Override
    protected void onStop(Duration grace) {
        worker.stop(grace);
    }
}
