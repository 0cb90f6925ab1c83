package org.pobsync.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.engine.retention.Snapshots.completes;
import static org.pobsync.engine.retention.Snapshots.names;
import static org.pobsync.engine.retention.Snapshots.policy;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cases of Proxmox Backup Server's own prune tests (proxmox-backup tests/prune.rs), which run
 * in UTC. They pin the rules to PBS's behaviour; pobsync's safety rules do not change any of them
 * because every snapshot is complete and the newest is always kept by these policies.
 */
class ProxmoxPruneVectorsTest {

    private final RetentionPlanner planner = new RetentionPlanner(ZoneOffset.UTC);

    private static final List<SnapshotCandidate> HOURLY_SERIES = completes(
            "2019-11-15T09:39:15Z", "2019-11-15T10:49:15Z", "2019-11-15T10:59:15Z",
            "2019-11-15T11:39:15Z", "2019-11-15T11:49:15Z", "2019-11-15T11:59:15Z");

    private static final List<SnapshotCandidate> SPARSE_SERIES = completes(
            "2018-11-15T11:59:15Z", "2019-11-15T11:59:15Z", "2019-11-21T11:59:15Z",
            "2019-11-22T11:59:15Z", "2019-11-29T11:59:15Z", "2019-12-01T11:59:15Z",
            "2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z", "2019-12-04T11:59:15Z");

    private static final List<SnapshotCandidate> ONE_WEEK_SERIES = completes(
            "2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z", "2019-12-04T11:59:15Z",
            "2019-12-04T12:59:15Z");

    private Set<String> kept(List<SnapshotCandidate> series, RetentionPolicy policy) {
        return Set.copyOf(Snapshots.keptNames(planner.plan(series, policy, Set.of())));
    }

    private Set<String> pruned(List<SnapshotCandidate> series, RetentionPolicy policy) {
        return Set.copyOf(Snapshots.prunedNames(planner.plan(series, policy, Set.of())));
    }

    @Test
    void hourly() {
        assertThat(pruned(HOURLY_SERIES, policy(null, 3, null, null, null, null)))
                .containsExactlyInAnyOrderElementsOf(names("2019-11-15T10:49:15Z",
                        "2019-11-15T11:39:15Z", "2019-11-15T11:49:15Z"));
        assertThat(kept(HOURLY_SERIES, policy(null, 2, null, null, null, null)))
                .containsExactlyInAnyOrderElementsOf(names("2019-11-15T10:59:15Z", "2019-11-15T11:59:15Z"));
    }

    @Test
    void sparseSeriesAcrossWeeksMonthsAndYears() {
        assertThat(kept(SPARSE_SERIES, policy(null, null, 1, null, null, null)))
                .containsExactlyInAnyOrderElementsOf(names("2019-12-04T11:59:15Z"));
        assertThat(kept(SPARSE_SERIES, policy(1, null, 1, null, null, null)))
                .containsExactlyInAnyOrderElementsOf(names("2019-12-03T11:59:15Z", "2019-12-04T11:59:15Z"));
        assertThat(kept(SPARSE_SERIES, policy(null, null, 1, 1, null, null)))
                .containsExactlyInAnyOrderElementsOf(names("2019-12-01T11:59:15Z", "2019-12-04T11:59:15Z"));
        assertThat(kept(SPARSE_SERIES, policy(null, null, 1, 1, 1, null)))
                .containsExactlyInAnyOrderElementsOf(names("2019-11-22T11:59:15Z",
                        "2019-12-01T11:59:15Z", "2019-12-04T11:59:15Z"));
        assertThat(kept(SPARSE_SERIES, policy(null, null, null, null, 1, 1)))
                .containsExactlyInAnyOrderElementsOf(names("2018-11-15T11:59:15Z", "2019-12-04T11:59:15Z"));
    }

    @Test
    void keepLast() {
        assertThat(pruned(ONE_WEEK_SERIES, policy(4, null, null, null, null, null))).isEmpty();
        assertThat(pruned(ONE_WEEK_SERIES, policy(3, null, null, null, null, null)))
                .containsExactlyInAnyOrderElementsOf(names("2019-12-02T11:59:15Z"));
        assertThat(pruned(ONE_WEEK_SERIES, policy(2, null, null, null, null, null)))
                .containsExactlyInAnyOrderElementsOf(names("2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z"));
        assertThat(pruned(ONE_WEEK_SERIES, policy(1, null, null, null, null, null)))
                .containsExactlyInAnyOrderElementsOf(names("2019-12-02T11:59:15Z",
                        "2019-12-03T11:59:15Z", "2019-12-04T11:59:15Z"));
    }

    @Test
    void keepLastZeroAloneKeepsEverythingLikeThePbsApi() {
        // compute_prune_info alone would remove all four; PBS's API (and pobsync) treat a policy
        // that keeps nothing as "no retention configured" and keep everything instead.
        assertThat(pruned(ONE_WEEK_SERIES, policy(0, null, null, null, null, null))).isEmpty();
    }

    @Test
    void dailyWeeklyMonthlyYearlyWithinOneWeek() {
        Set<String> allButNewest = Set.copyOf(names("2019-12-02T11:59:15Z", "2019-12-03T11:59:15Z",
                "2019-12-04T11:59:15Z"));
        assertThat(pruned(ONE_WEEK_SERIES, policy(2, null, 2, null, null, null))).isEmpty();
        assertThat(pruned(ONE_WEEK_SERIES, policy(null, null, 3, null, null, null)))
                .containsExactlyInAnyOrderElementsOf(names("2019-12-04T11:59:15Z"));
        assertThat(pruned(ONE_WEEK_SERIES, policy(null, null, 2, null, null, null)))
                .containsExactlyInAnyOrderElementsOf(names("2019-12-02T11:59:15Z", "2019-12-04T11:59:15Z"));
        assertThat(pruned(ONE_WEEK_SERIES, policy(null, null, null, 5, null, null))).isEqualTo(allButNewest);
        assertThat(pruned(ONE_WEEK_SERIES, policy(null, null, 1, 5, null, null))).isEqualTo(allButNewest);
        assertThat(pruned(ONE_WEEK_SERIES, policy(null, null, null, null, 6, null))).isEqualTo(allButNewest);
        assertThat(pruned(ONE_WEEK_SERIES, policy(null, null, null, null, null, 7))).isEqualTo(allButNewest);
        assertThat(pruned(ONE_WEEK_SERIES, policy(null, null, null, 5, 6, 7))).isEqualTo(allButNewest);
    }
}
