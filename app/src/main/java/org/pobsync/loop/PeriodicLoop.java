package org.pobsync.loop;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pobsync.format.Human;
import org.slf4j.Logger;

/**
 * A pass every {@code interval} (sooner when {@link #wake}d or when the pass asks for it) on one
 * thread, with a {@link #tick} in between for heartbeats. A pass that throws is logged (once per
 * distinct message every few minutes, so a database outage does not flood the journal) and the
 * loop goes on: it never dies on one bad pass.
 */
public abstract class PeriodicLoop implements BackgroundLoop {

    private static final Duration REPEAT_WARNING_EVERY = Duration.ofMinutes(5);

    private final String name;
    private final Duration interval;
    private final Duration tickEvery;
    private final Logger log;
    private final Object signal = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean stopRequested;
    private boolean wakeRequested;
    private volatile Thread thread;
    private boolean stopCalled;
    private String lastFailure;
    private Instant lastFailureLoggedAt = Instant.EPOCH;

    protected PeriodicLoop(String name, Duration interval, Duration tickEvery, Logger log) {
        this.name = Objects.requireNonNull(name);
        this.interval = requirePositive(interval, "interval");
        this.tickEvery = requirePositive(tickEvery, "tickEvery");
        this.log = log;
    }

    /** Does the work of one pass; returns how long to wait at most before the next one. */
    protected abstract Duration pass();

    /** Between passes, about every {@code tickEvery}. */
    protected void tick() {
    }

    /** A failure in the words the log shows (a subclass that knows the database words it better). */
    protected String describe(Throwable failure) {
        return failure.getMessage() == null ? "unexpected error" : failure.getMessage();
    }

    /** The first thing {@link #stop} does, before it waits for a pass in progress. */
    protected void beforeStop() {
    }

    /** After the loop thread has ended, from {@link #stop}: end work in progress within grace. */
    protected void onStop(Duration grace) {
    }

    @Override
    public String name() {
        return name;
    }

    public Duration interval() {
        return interval;
    }

    @Override
    public synchronized void start() {
        if (thread != null || stopRequested) {
            throw new IllegalStateException(name + " loop already started or stopped");
        }
        thread = new Thread(this::loop, "pobsync-" + name);
        thread.setDaemon(true);
        thread.start();
        log.info("{} started, a pass every {} s", name, interval.toSeconds());
    }

    @Override
    public boolean runOnce() {
        try {
            pass();
            lastFailure = null;
            return true;
        } catch (RuntimeException | Error e) {
            passFailed(e);
            return false;
        }
    }

    /** Runs the next pass now (e.g. a backup ended and a slot is free). */
    public void wake() {
        synchronized (signal) {
            wakeRequested = true;
            signal.notifyAll();
        }
    }

    @Override
    public void stop(Duration grace) {
        synchronized (this) {
            if (stopCalled) {
                // Someone else is stopping the loop (a shutdown hook and the caller, say): wait for it.
                awaitQuietly(grace);
                return;
            }
            stopCalled = true;
        }
        Instant deadline = Instant.now().plus(grace);
        stopRequested = true;
        beforeStop();
        wake();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(Math.max(1, grace.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            Duration left = Duration.between(Instant.now(), deadline);
            onStop(left.isNegative() ? Duration.ZERO : left);
        } finally {
            log.info("{} stopped", name);
            stopped.countDown();
        }
    }

    @Override
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    public boolean isStopping() {
        return stopRequested;
    }

    private void loop() {
        while (!stopRequested) {
            Duration wait = interval;
            try {
                Duration asked = pass();
                lastFailure = null;
                if (asked != null && asked.compareTo(wait) < 0) {
                    wait = asked.isNegative() ? Duration.ZERO : asked;
                }
            } catch (RuntimeException | Error e) {
                passFailed(e);
            }
            waitForNextPass(wait);
        }
    }

    /** Waits up to {@code wait}, ticking meanwhile; returns early when woken or stopping. */
    private void waitForNextPass(Duration wait) {
        long end = System.nanoTime() + wait.toNanos();
        long nextTick = System.nanoTime() + tickEvery.toNanos();
        while (!stopRequested) {
            long now = System.nanoTime();
            if (now >= nextTick) {
                safeTick();
                nextTick = System.nanoTime() + tickEvery.toNanos();
                now = System.nanoTime();
            }
            if (now >= end) {
                return;
            }
            synchronized (signal) {
                if (wakeRequested) {
                    wakeRequested = false;
                    return;
                }
                try {
                    signal.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(end, nextTick) - now)));
                } catch (InterruptedException e) {
                    // Only stop() ends this thread; an interrupt just means "look again".
                    Thread.interrupted();
                }
            }
        }
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            passFailed(e);
        }
    }

    private void passFailed(Throwable e) {
        String message = describe(e);
        Instant now = Instant.now();
        if (!message.equals(lastFailure) || now.isAfter(lastFailureLoggedAt.plus(REPEAT_WARNING_EVERY))) {
            if (e instanceof RuntimeException) {
                log.warn("{} pass failed: {}", name, Human.firstLine(message));
            } else {
                log.error("{} pass failed", name, e);
            }
            lastFailure = message;
            lastFailureLoggedAt = now;
        }
    }

    private void awaitQuietly(Duration grace) {
        try {
            stopped.await(Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


    private static Duration requirePositive(Duration d, String what) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return d;
    }
}
