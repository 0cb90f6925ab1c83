package org.pobsync.db;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Does a database write that must not be lost, however long the database is away: a write that
 * fails for a reason that can pass ({@link DatabaseFaults#isTransient}: SQLite locked past its
 * busy timeout, MariaDB restarting or unreachable) is tried again after 1, 2, 4 ... and then
 * every {@link #MAX_WAIT}, until it succeeds or the thread is interrupted (a worker whose stop
 * grace ran out). Any other failure is thrown at once: retrying a programming error only hides it.
 */
public final class DatabaseRetry {

    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofSeconds(30);
    /** How often a write that keeps failing is reported again. */
    private static final long REPORT_EVERY_NANOS = Duration.ofMinutes(5).toNanos();

    private DatabaseRetry() {
    }

    /**
     * Runs {@code write} until it succeeds; when the thread is interrupted while it waits, the
     * last failure is thrown.
     *
     * @param what names the write in the log ("run 42 of web1: recording its outcome")
     */
    public static <T> T untilDone(String what, Supplier<T> write, Logger log) {
        long firstFailure = 0;
        long lastReport = 0;
        for (int attempt = 1; ; attempt++) {
            try {
                T result = write.get();
                if (attempt > 1) {
                    log.info("{}: done after {} tries over {} s; the database answers again", what, attempt,
                            Duration.ofNanos(System.nanoTime() - firstFailure).toSeconds());
                }
                return result;
            } catch (RuntimeException e) {
                if (!DatabaseFaults.isTransient(e)) {
                    throw e;
                }
                long now = System.nanoTime();
                Duration wait = backoff(attempt);
                if (attempt == 1 || now - lastReport >= REPORT_EVERY_NANOS) {
                    firstFailure = attempt == 1 ? now : firstFailure;
                    lastReport = now;
                    log.warn("{} failed: {}; trying again in {} s and until the database answers", what,
                            DatabaseFaults.describe(e), wait.toSeconds());
                }
                if (!pause(wait)) {
                    throw e;
                }
            }
        }
    }

    /** The wait after the {@code attempt}-th failure: doubling from {@link #FIRST_WAIT} up to {@link #MAX_WAIT}. */
    public static Duration backoff(int attempt) {
        int doublings = Math.min(Math.max(0, attempt - 1), 16);
        Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    /** Sleeps {@code wait}; false when interrupted meanwhile (the interrupt stays set). */
    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
