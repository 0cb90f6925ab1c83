package org.pobsync.loop;

import java.time.Duration;

/**
 * A long-running part of pobsync (the scheduler, the worker) as something a process can embed:
 * {@code pobsync scheduler --loop} and {@code pobsync worker --loop} run one each, and
 * {@code pobsync serve} runs both next to the web panel in one JVM.
 */
public interface BackgroundLoop {

    /** Short name for logs and thread names ("scheduler", "worker"). */
    String name();

    /** Starts passes on a background thread and returns at once. */
    void start();

    /**
     * One pass in the caller's thread, returning when its work is done (the worker waits for the
     * backups it claimed). False when the pass failed; the failure has been logged.
     */
    boolean runOnce();

    /**
     * Stops: no new pass starts, work in progress gets up to {@code grace} to end cleanly (a
     * running backup is cancelled and recorded, never orphaned). Idempotent; safe from a shutdown
     * hook.
     */
    void stop(Duration grace);

    /** Blocks until {@link #stop} has completed. */
    void awaitStopped() throws InterruptedException;
}
