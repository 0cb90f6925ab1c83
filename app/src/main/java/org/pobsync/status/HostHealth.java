package org.pobsync.status;

import java.time.Duration;
import java.time.Instant;
import org.pobsync.format.Human;

/**
 * The one function that decides a host's state (SPEC section 14). The dashboard, the host list
 * and page, {@code pobsync status}, the API, /metrics, the Self Check and the notifier all call
 * it, so they can never disagree.
 *
 * <p>In order: a disabled host is {@code disabled}. A host whose last K runs failed is
 * {@code failing}, whatever its snapshots say: it is the most actionable news. A host without a
 * good snapshot is {@code never} once the grace period since it was added (its expectation) has
 * passed, and "no backup yet" ({@code ok}) before. A host whose newest good snapshot is older
 * than its expectation is {@code late}. Everything else is {@code ok}. A partial snapshot
 * counts as good only where the host allows it; when the newest snapshot is a partial one that
 * does not count, the reason says so and why it was partial.
 */
public final class HostHealth {

    private HostHealth() {
    }

    public static HostVerdict assess(HostFacts f, Instant now) {
        Expectation e = f.expectation();
        Instant goodAt = f.partialIsGood() ? f.newestUsableAt() : f.newestCompleteAt();
        String partialNote = partialNote(f, goodAt);
        if (!f.enabled()) {
            return new HostVerdict(HostState.DISABLED, goodAt, e, false, "disabled: not backed up on schedule");
        }
        int k = Math.max(1, f.failingAfterRuns());
        if (f.failedInARow() >= k) {
            String runs = f.failedInARow() == 1 ? "the last run failed" : "the last " + f.failedInARow() + " runs failed";
            return new HostVerdict(HostState.FAILING, goodAt, e, false,
                    runs + (f.lastError() == null ? "" : ": " + Human.firstLine(f.lastError())));
        }
        if (goodAt == null) {
            Instant due = f.createdAt().plus(e.every());
            if (now.isBefore(due)) {
                return new HostVerdict(HostState.OK, null, e, true,
                        join("no backup yet; the first good one is due " + Human.age(due, now), partialNote));
            }
            return new HostVerdict(HostState.NEVER, null, e, false,
                    join("no good snapshot since the host was added " + Human.age(f.createdAt(), now), partialNote));
        }
        if (goodAt.plus(e.every()).isBefore(now)) {
            return new HostVerdict(HostState.LATE, goodAt, e, false,
                    join("no good snapshot for " + hours(Duration.between(goodAt, now)) + " (expected every "
                            + hours(e.every()) + ")", partialNote));
        }
        return new HostVerdict(HostState.OK, goodAt, e, false, partialNote);
    }

    /**
     * Whether a finished run gave the host a good backup: succeeded, or a warning whose snapshot
     * is complete (rsync exit 24), or partial (exit 23) where the host allows it. What a
     * healthchecks-style ping reports as success or failure.
     */
    public static boolean runCountsAsGood(org.pobsync.runs.RunStatus status, Integer exitCode, boolean partialIsGood) {
        return switch (status) {
            case SUCCEEDED -> true;
            case WARNING -> partialIsGood || exitCode == null
                    || exitCode != org.pobsync.engine.rsync.RsyncExitCode.PARTIAL_TRANSFER;
            default -> false;
        };
    }

    /** "the newest snapshot is partial ..." when a newer partial snapshot does not count as good. */
    private static String partialNote(HostFacts f, Instant goodAt) {
        if (!f.newestUsablePartial() || f.partialIsGood() || f.newestUsableAt() == null
                || (goodAt != null && !f.newestUsableAt().isAfter(goodAt))) {
            return null;
        }
        return "the newest snapshot is partial and does not count as good"
                + (f.partialReason() == null ? "" : " (" + Human.firstLine(f.partialReason()) + ")");
    }

    private static String join(String a, String b) {
        return b == null ? a : a + "; " + b;
    }

    /** "30 h", "3 d 4 h": expectations are whole hours, so minutes would be noise. */
    static String hours(Duration d) {
        long h = Math.max(0, d.toHours());
        return h < 72 ? h + " h" : (h / 24) + " d" + (h % 24 == 0 ? "" : " " + (h % 24) + " h");
    }
}
