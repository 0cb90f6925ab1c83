package org.pobsync.worker;

import java.time.Duration;
import org.pobsync.loop.PeriodicLoop;

/**
 * {@link WorkerService} on a loop: a pass every interval, and at once when a backup ends (so the
 * next queued run does not wait for the interval); heartbeats in between, often enough that a
 * live run never looks stale even while rsync is silent or the snapshot is being flushed.
 */
public final class WorkerLoop extends PeriodicLoop {

    private final WorkerService worker;
    private final Duration heartbeatEvery;

    public WorkerLoop(WorkerService worker, Duration interval, Duration heartbeatEvery) {
        super("worker", interval, heartbeatEvery, WorkerService.log);
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
        worker.heartbeat();
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
