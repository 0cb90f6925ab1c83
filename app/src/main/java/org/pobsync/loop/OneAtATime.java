package org.pobsync.loop;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A refresh that runs in the background while callers go on with what they have: started on
 * request, never twice at once (a request that finds one running starts none). The web process's
 * shared host overview and the dashboard's Self Check result use it, so no request waits for a
 * recomputation that another request already started.
 */
public final class OneAtATime {

    private final Executor executor;
    private final AtomicBoolean running = new AtomicBoolean();

    /** Runs each refresh on a new daemon thread named {@code threadName}. */
    public OneAtATime(String threadName) {
        this(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Runs each refresh on {@code executor} (tests pass {@code Runnable::run}). */
    public OneAtATime(Executor executor) {
        this.executor = executor;
    }

    /** Starts {@code refresh} unless one is still running. */
    public void start(Runnable refresh) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        executor.execute(() -> {
            try {
                refresh.run();
            } finally {
                running.set(false);
            }
        });
    }
}
