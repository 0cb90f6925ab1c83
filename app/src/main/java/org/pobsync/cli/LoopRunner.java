package org.pobsync.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pobsync.loop.BackgroundLoop;

/**
 * Runs a loop (or one pass of it) in the foreground of a command, ending it cleanly on SIGTERM
 * or SIGINT: the JVM's shutdown hook stops the loop, and the process exits only after the loop
 * has recorded what it was doing and the command has closed the database.
 */
final class LoopRunner implements AutoCloseable {

    /** How long running backups get to end after SIGTERM (systemd waits 90 s by default). */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final BackgroundLoop loop;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean signalled;

    LoopRunner(BackgroundLoop loop) {
        this.loop = loop;
        this.hook = new Thread(this::onSignal, "pobsync-stop-" + loop.name());
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Runs the loop until the process is told to stop. */
    void runUntilStopped() throws InterruptedException {
        loop.start();
        loop.awaitStopped();
    }

    /** One pass; when a signal came meanwhile, waits until the stop has finished. */
    boolean runOnce() throws InterruptedException {
        boolean ok = loop.runOnce();
        if (signalled) {
            loop.awaitStopped();
            return false;
        }
        return ok;
    }

    private void onSignal() {
        signalled = true;
        loop.stop(STOP_GRACE);
        try {
            // Let the command close the database before the JVM halts.
            closed.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Call after the command has released its resources. */
    @Override
    public void close() {
        closed.countDown();
        if (!signalled) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: it finds the latch open.
            }
        }
    }
}
