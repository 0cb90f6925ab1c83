package org.pobsync.status;

import java.time.Instant;

/**
 * What {@link HostHealth#assess} needs to know about one host, read for every host in one query
 * ({@link HostOverviewQuery}).
 *
 * @param newestUsableAt     when the newest complete or partial snapshot finished (null: none)
 * @param newestUsablePartial whether that snapshot is partial (rsync exit 23)
 * @param partialReason      the error summary of the run that made it, when it is partial
 * @param newestCompleteAt   when the newest complete snapshot finished (null: none)
 * @param failedInARow       failed runs (dry runs and cancels left out) since the newest good run
 * @param lastError          the error summary of the host's newest run
 */
public record HostFacts(boolean enabled, Instant createdAt, Expectation expectation, int failingAfterRuns,
                        boolean partialIsGood, Instant newestUsableAt, boolean newestUsablePartial,
                        String partialReason, Instant newestCompleteAt, int failedInARow, String lastError) {
}
