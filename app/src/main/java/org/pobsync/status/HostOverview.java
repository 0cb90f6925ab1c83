package org.pobsync.status;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * The per-host overview of the web process (dashboard, host list, /api/status/, /metrics):
 * {@link StatusService#hostSummaries}, computed at most once per {@link #MAX_AGE_NANOS} and
 * shared by the requests in between. It is the web process's most expensive read (tens of
 * milliseconds of database work for 1,000 hosts), and wall screens, operators and monitoring
 * scripts ask for it over and over. The panel's own changes (a host saved, a run queued, a
 * schedule changed) {@link #invalidate} it, so an operator always sees what they just did; what
 * workers change shows within a second. One-shot commands read {@link StatusService} directly.
 */
public final class HostOverview {

    static final long MAX_AGE_NANOS = 1_000_000_000L;

    private record Taken(List<HostSummary> hosts, long startedAt) {
    }

    private final StatusService status;
    /**
     * Monotonic nanoseconds ({@code System::nanoTime}, not the wall clock, whose jumps must not
     * keep an overview alive); tests pass their own to move time without waiting for it.
     */
    private final LongSupplier nanoTime;
    private volatile Taken current;
    private volatile long invalidatedAt;

    public HostOverview(StatusService status) {
        this(status, System::nanoTime);
    }

    HostOverview(StatusService status, LongSupplier nanoTime) {
        this.status = status;
        this.nanoTime = nanoTime;
        this.invalidatedAt = nanoTime.getAsLong();
    }

    public List<HostSummary> hosts() {
        Taken t = current;
        if (usable(t)) {
            return t.hosts();
        }
        synchronized (this) {
            t = current;
            if (usable(t)) {
                return t.hosts();
            }
            // Stamped with the start, so a change during the query makes the result unusable.
            long startedAt = nanoTime.getAsLong();
            List<HostSummary> hosts = status.hostSummaries();
            current = new Taken(hosts, startedAt);
            return hosts;
        }
    }

    public void invalidate() {
        invalidatedAt = nanoTime.getAsLong();
        current = null;
    }

    private boolean usable(Taken t) {
        if (t == null) {
            return false;
        }
        long now = nanoTime.getAsLong();
        return now - t.startedAt() < MAX_AGE_NANOS && t.startedAt() - invalidatedAt > 0;
    }
}
