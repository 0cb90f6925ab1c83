package org.pobsync.status;

import java.util.List;
import java.util.function.LongSupplier;
import org.pobsync.loop.OneAtATime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-host overview of the web process (dashboard, host list, /api/status/):
 * {@link StatusService#hostSummaries}, computed at most once per {@link #MAX_AGE_NANOS} and
 * shared by the requests in between. It is the web process's most expensive read (tens of
 * milliseconds of database work for 1,000 hosts), and wall screens, operators and monitoring
 * scripts ask for it over and over.
 *
 * <p>Once an overview is older than a second, the next request starts one refresh in the
 * background and is answered with the overview it has, up to {@link #MAX_STALE_NANOS} old; only
 * an older one, or none, is computed while the request waits. A busy panel so never holds its
 * requests behind the recomputation (which, sharing two cores with them, took hundreds of
 * milliseconds of wall time), and what workers change shows within about two seconds. The
 * panel's own changes (a host saved, a run queued, a schedule changed) {@link #invalidate} it,
 * and the next request computes it afresh, so an operator always sees what they just did.
 * One-shot commands read {@link StatusService} directly.
 */
public final class HostOverview {

    static final long MAX_AGE_NANOS = 1_000_000_000L;
    static final long MAX_STALE_NANOS = 3_000_000_000L;

    private static final Logger log = LoggerFactory.getLogger(HostOverview.class);

    private record Taken(List<HostSummary> hosts, long startedAt) {
    }

    private final StatusService status;
    /**
     * Monotonic nanoseconds ({@code System::nanoTime}, not the wall clock, whose jumps must not
     * keep an overview alive); tests pass their own to move time without waiting for it.
     */
    private final LongSupplier nanoTime;
    private final OneAtATime background;
    private volatile Taken current;
    private volatile long invalidatedAt;

    public HostOverview(StatusService status) {
        this(status, System::nanoTime, new OneAtATime("pobsync-host-overview"));
    }

    HostOverview(StatusService status, LongSupplier nanoTime, OneAtATime background) {
        this.status = status;
        this.nanoTime = nanoTime;
        this.background = background;
        this.invalidatedAt = nanoTime.getAsLong();
    }

    public List<HostSummary> hosts() {
        Taken t = current;
        if (usable(t, MAX_AGE_NANOS)) {
            return t.hosts();
        }
        if (usable(t, MAX_STALE_NANOS)) {
            refreshInBackground();
            return t.hosts();
        }
        synchronized (this) {
            t = current;
            if (usable(t, MAX_AGE_NANOS)) {
                return t.hosts();
            }
            return take().hosts();
        }
    }

    public void invalidate() {
        invalidatedAt = nanoTime.getAsLong();
        current = null;
    }

    /** Reads the overview; stamped with the start, so a change during the query makes it unusable. */
    private Taken take() {
        long startedAt = nanoTime.getAsLong();
        Taken t = new Taken(status.hostSummaries(), startedAt);
        current = t;
        return t;
    }

    private void refreshInBackground() {
        background.start(() -> {
            try {
                synchronized (this) {
                    if (!usable(current, MAX_AGE_NANOS)) {
                        take();
                    }
                }
            } catch (RuntimeException e) {
                // The requests keep the older overview; past MAX_STALE_NANOS they read it
                // themselves and meet the error in their own answer.
                log.warn("refreshing the host overview failed: {}", e.getMessage());
            }
        });
    }

    private boolean usable(Taken t, long maxAge) {
        if (t == null) {
            return false;
        }
        long now = nanoTime.getAsLong();
        return now - t.startedAt() < maxAge && t.startedAt() - invalidatedAt > 0;
    }
}
