package org.pobsync.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.pobsync.engine.process.ProcessTree;

/** Polls for a condition a background thread or another process brings about. */
public final class Await {

    private Await() {
    }

    public static void until(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            sleep(100);
        }
    }

    /** Polls until {@code value} is non-null and returns it. */
    public static <T> T value(Duration timeout, Supplier<T> value, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            sleep(100);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * A process is gone when it no longer runs: it does not exist, or it is a zombie (which holds
     * nothing, and where PID 1 does not reap orphans stays one; Java still reports it alive).
     */
    public static boolean gone(long pid) {
        return ProcessHandle.of(pid).map(p -> !ProcessTree.isRunning(p)).orElse(true);
    }
}
