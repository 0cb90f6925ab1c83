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
 *
 * <p>A companion loop (the notifier) runs on its own thread beside it: started, stopped and
 * run once with the worker, and woken when a backup ends, so its news goes out at once.
 */
public final class WorkerLoop extends PeriodicLoop {

    /** How often an idle worker looks for newly queued work: one index seek per queue. */
    static final Duration QUEUE_POLL = Duration.ofSeconds(1);
    /** How long the companion gets to finish a send when the worker stops. */
    static final Duration COMPANION_GRACE = Duration.ofSeconds(5);

    private final WorkerService worker;
    private final Duration heartbeatEvery;
    private final PeriodicLoop companion;
    private long lastHeartbeat = System.nanoTime();

    public WorkerLoop(WorkerService worker, Duration interval, Duration heartbeatEvery) {
        this(worker, interval, heartbeatEvery, null);
    }

    public WorkerLoop(WorkerService worker, Duration interval, Duration heartbeatEvery, PeriodicLoop companion) {
        super("worker", interval, QUEUE_POLL.compareTo(heartbeatEvery) < 0 ? QUEUE_POLL : heartbeatEvery,
                WorkerService.log);
        this.worker = worker;
        this.heartbeatEvery = heartbeatEvery;
        this.companion = companion;
        worker.onRunEnded(() -> {
            wake();
            if (companion != null) {
                companion.wake();
            }
        });
    }

    @Override
    public synchronized void start() {
        super.start();
        if (companion != null) {
            companion.start();
        }
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

    /** One pass, then waits (heartbeating) until the backups it started have ended; then the companion's pass. */
    @Override
    public boolean runOnce() {
        if (!super.runOnce()) {
            return false;
        }
        try {
            return awaitBackups();
        } finally {
            if (companion != null) {
                companion.runOnce();
            }
        }
    }

    private boolean awaitBackups() {
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
        try {
            worker.stop(grace);
        } finally {
            if (companion != null) {
                companion.stop(COMPANION_GRACE);
            }
        }
    }
}
