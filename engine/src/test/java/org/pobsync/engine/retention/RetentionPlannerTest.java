package org.pobsync.engine.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pobsync.engine.retention.Snapshots.complete;
import static org.pobsync.engine.retention.Snapshots.completes;
import static org.pobsync.engine.retention.Snapshots.deleting;
import static org.pobsync.engine.retention.Snapshots.incomplete;
import static org.pobsync.engine.retention.Snapshots.keepDaily;
import static org.pobsync.engine.retention.Snapshots.keepHourly;
import static org.pobsync.engine.retention.Snapshots.keepLast;
import static org.pobsync.engine.retention.Snapshots.keepMonthly;
import static org.pobsync.engine.retention.Snapshots.keepWeekly;
import static org.pobsync.engine.retention.Snapshots.keepYearly;
import static org.pobsync.engine.retention.Snapshots.keptNames;
import static org.pobsync.engine.retention.Snapshots.name;
import static org.pobsync.engine.retention.Snapshots.names;
import static org.pobsync.engine.retention.Snapshots.partial;
import static org.pobsync.engine.retention.Snapshots.policy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetentionPlannerTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private final RetentionPlanner utc = new RetentionPlanner(ZoneOffset.UTC);
    private final RetentionPlanner berlin = new RetentionPlanner(BERLIN);

    private static RetentionDecision decision(RetentionPlan plan, String isoInstant) {
        return plan.decisionFor(name(isoInstant)).orElseThrow();
    }

    @Test
    void keepLastOneAloneKeepsOnlyTheNewest() {
        RetentionPlan plan = utc.plan(completes("2026-11-20T02:15:00Z", "2026-11-21T02:15:00Z",
                "2026-11-22T02:15:00Z"), keepLast(1), Set.of());

        assertThat(keptNames(plan)).containsExactly(name("2026-11-22T02:15:00Z"));
        assertThat(decision(plan, "2026-11-22T02:15:00Z").keepReasons()).containsExactly(KeepReason.LAST);
        assertThat(decision(plan, "2026-11-20T02:15:00Z").pruneReason()).isEqualTo(PruneReason.NOT_SELECTED);
    }

    @Test
    void aPolicyOfZerosButKeepLastOneKeepsOnlyTheNewest() {
        RetentionPlan plan = utc.plan(completes("2026-10-01T02:15:00Z", "2026-11-01T02:15:00Z",
                "2026-11-22T02:15:00Z"), policy(1, 0, 0, 0, 0, 0), Set.of());

        assertThat(keptNames(plan)).containsExactly(name("2026-11-22T02:15:00Z"));
    }

    @Test
    void aPolicyWithNoRuleSetKeepsEverythingButFinishesInterruptedPrunes() {
        RetentionPlan plan = utc.plan(List.of(complete("2026-11-22T02:15:00Z"),
                        incomplete("2026-11-20T02:15:00Z"), deleting("2026-11-19T02:15:00Z")),
                policy(0, 0, 0, null, null, 0), Set.of());

        assertThat(keptNames(plan)).containsExactlyElementsOf(names("2026-11-22T02:15:00Z", "2026-11-20T02:15:00Z"));
        assertThat(decision(plan, "2026-11-22T02:15:00Z").keepReasons()).containsExactly(KeepReason.NO_POLICY);
        assertThat(decision(plan, "2026-11-19T02:15:00Z").pruneReason()).isEqualTo(PruneReason.INTERRUPTED_PRUNE);
    }

    @Test
    void keepDailyKeepsTheNewestSnapshotOfEachDay() {
        RetentionPlan plan = utc.plan(completes(
                "2026-11-21T01:00:00Z", "2026-11-21T13:00:00Z", "2026-11-21T23:59:59Z",
                "2026-11-22T00:00:00Z", "2026-11-22T12:00:00Z"), keepDaily(2), Set.of());

        assertThat(keptNames(plan)).containsExactlyElementsOf(
                names("2026-11-22T12:00:00Z", "2026-11-21T23:59:59Z"));
    }

    @Test
    void alreadyIncludedDaysDoNotCountSoKeepLastOneAndKeepDailyTwoKeepThreeDays() {
        RetentionPlan plan = utc.plan(completes(
                "2026-11-19T02:15:00Z", "2026-11-20T02:15:00Z", "2026-11-21T02:15:00Z",
                "2026-11-22T02:15:00Z", "2026-11-22T14:15:00Z"), policy(1, null, 2, null, null, null), Set.of());

        assertThat(keptNames(plan)).containsExactlyElementsOf(
                names("2026-11-22T14:15:00Z", "2026-11-21T02:15:00Z", "2026-11-20T02:15:00Z"));
        assertThat(decision(plan, "2026-11-22T14:15:00Z").reasonText()).isEqualTo("last, daily");
        assertThat(decision(plan, "2026-11-22T02:15:00Z").keep())
                .as("the earlier snapshot of the newest day: its day is covered by keep-last")
                .isFalse();
    }

    @Test
    void aCoveredPeriodIsCreditedToItsNewestKeptSnapshotOnly() {
        RetentionPlan plan = utc.plan(completes("2026-11-21T02:00:00Z", "2026-11-22T02:00:00Z",
                "2026-11-22T08:00:00Z", "2026-11-22T14:00:00Z"), policy(3, null, 2, null, null, null), Set.of());

        assertThat(plan.decisions()).extracting(RetentionDecision::reasonText)
                .containsExactly("last, daily", "last", "last", "daily");
    }

    @Test
    void keepHourlySplitsAtTheFullHour() {
        RetentionPlan plan = utc.plan(completes("2026-11-22T09:59:59Z", "2026-11-22T10:00:00Z",
                "2026-11-22T10:30:00Z"), keepHourly(2), Set.of());

        assertThat(keptNames(plan)).containsExactlyElementsOf(names("2026-11-22T10:30:00Z", "2026-11-22T09:59:59Z"));
    }

    @Test
    void daysAreCountedInThePlannersZoneNotInUtc() {
        // 23:30 UTC on the 21st is 00:30 on the 22nd in Berlin: the same Berlin day as the next one.
        List<SnapshotCandidate> series = completes("2026-11-21T22:30:00Z", "2026-11-21T23:30:00Z",
                "2026-11-22T09:00:00Z");

        assertThat(keptNames(utc.plan(series, keepDaily(5), Set.of())))
                .containsExactlyElementsOf(names("2026-11-22T09:00:00Z", "2026-11-21T23:30:00Z"));
        assertThat(keptNames(berlin.plan(series, keepDaily(5), Set.of())))
                .containsExactlyElementsOf(names("2026-11-22T09:00:00Z", "2026-11-21T22:30:00Z"));
    }

    @Test
    void weeksAreIsoWeeksAcrossAYearWithWeek53() {
        // 2026 has an ISO week 53: Mon 2026-12-28 .. Sun 2027-01-03. 2027-01-04 starts 2027-W01.
        List<SnapshotCandidate> series = completes("2026-12-27T12:00:00Z", "2026-12-28T12:00:00Z",
                "2026-12-31T12:00:00Z", "2027-01-03T12:00:00Z", "2027-01-04T12:00:00Z");

        RetentionPlan plan = utc.plan(series, keepWeekly(3), Set.of());

        assertThat(keptNames(plan)).containsExactlyElementsOf(names(
                "2027-01-04T12:00:00Z", "2027-01-03T12:00:00Z", "2026-12-27T12:00:00Z"));
    }

    @Test
    void weekOneCanStartInTheOldCalendarYearWhileYearsStayCalendarYears() {
        // Mon 2024-12-30 is in 2025-W01; Sun 2024-12-29 is in 2024-W52.
        List<SnapshotCandidate> series = completes("2024-12-29T12:00:00Z", "2024-12-30T12:00:00Z",
                "2025-01-02T12:00:00Z");

        assertThat(keptNames(utc.plan(series, keepWeekly(2), Set.of())))
                .containsExactlyElementsOf(names("2025-01-02T12:00:00Z", "2024-12-29T12:00:00Z"));
        assertThat(keptNames(utc.plan(series, keepYearly(2), Set.of())))
                .containsExactlyElementsOf(names("2025-01-02T12:00:00Z", "2024-12-30T12:00:00Z"));
    }

    @Test
    void theRepeatedHourOfTheAutumnDstChangeIsOneHourInBerlin() {
        // 2026-10-25: 03:00 CEST becomes 02:00 CET, so 00:15Z and 01:15Z are both 02:15 local.
        List<SnapshotCandidate> series = completes("2026-10-24T23:45:00Z", "2026-10-25T00:15:00Z",
                "2026-10-25T01:15:00Z");

        assertThat(keptNames(berlin.plan(series, keepHourly(3), Set.of())))
                .containsExactlyElementsOf(names("2026-10-25T01:15:00Z", "2026-10-24T23:45:00Z"));
        assertThat(keptNames(utc.plan(series, keepHourly(3), Set.of()))).hasSize(3);
    }

    @Test
    void theSkippedHourOfTheSpringDstChangeSeparatesTwoSnapshotsAMinuteApart() {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST. 00:59Z is 01:59 local, 01:00Z is 03:00 local.
        List<SnapshotCandidate> series = completes("2026-03-28T22:30:00Z", "2026-03-29T00:59:00Z",
                "2026-03-29T01:00:00Z", "2026-03-29T21:59:00Z", "2026-03-29T22:00:00Z");

        assertThat(keptNames(berlin.plan(series, keepHourly(3), Set.of())))
                .containsExactlyElementsOf(names("2026-03-29T22:00:00Z", "2026-03-29T21:59:00Z",
                        "2026-03-29T01:00:00Z"));
        // The 23-hour day is still one day: 21:59Z is 23:59 on the 29th, 22:00Z is the 30th.
        assertThat(keptNames(berlin.plan(series, keepDaily(3), Set.of())))
                .containsExactlyElementsOf(names("2026-03-29T22:00:00Z", "2026-03-29T21:59:00Z",
                        "2026-03-28T22:30:00Z"));
    }

    @Test
    void keepMonthlyKeepsTheLastSnapshotOfEachMonthInTheZone() {
        // 2026-01-31T23:30Z is already February in Berlin.
        List<SnapshotCandidate> series = completes("2026-01-15T12:00:00Z", "2026-01-31T23:30:00Z",
                "2026-02-10T12:00:00Z", "2026-03-01T12:00:00Z");

        assertThat(keptNames(berlin.plan(series, keepMonthly(3), Set.of())))
                .containsExactlyElementsOf(names("2026-03-01T12:00:00Z", "2026-02-10T12:00:00Z",
                        "2026-01-15T12:00:00Z"));
    }

    @Test
    void severalRulesCanKeepTheSameSnapshot() {
        RetentionPlan plan = utc.plan(completes("2025-06-01T02:00:00Z", "2026-11-22T02:00:00Z"),
                policy(1, 1, 1, 1, 1, 1), Set.of());

        assertThat(decision(plan, "2026-11-22T02:00:00Z").reasonText())
                .isEqualTo("last, hourly, daily, weekly, monthly, yearly");
        // Kept by keep-hourly (the second hour); every later rule counts its period as covered.
        assertThat(decision(plan, "2025-06-01T02:00:00Z").reasonText())
                .isEqualTo("hourly, daily, weekly, monthly, yearly");
    }

    @Test
    void gapsInTheSeriesDoNotUseUpPeriods() {
        // Only days that have a snapshot count: three days back reaches over the gaps.
        List<SnapshotCandidate> series = completes("2026-11-01T02:00:00Z", "2026-11-05T02:00:00Z",
                "2026-11-10T02:00:00Z", "2026-11-11T02:00:00Z");

        assertThat(keptNames(utc.plan(series, keepDaily(3), Set.of())))
                .containsExactlyElementsOf(names("2026-11-11T02:00:00Z", "2026-11-10T02:00:00Z",
                        "2026-11-05T02:00:00Z"));
    }

    @Test
    void partialSnapshotsTakePartInTheRules() {
        RetentionPlan plan = utc.plan(List.of(complete("2026-11-20T02:00:00Z"),
                partial("2026-11-21T02:00:00Z"), complete("2026-11-22T02:00:00Z")), keepLast(2), Set.of());

        assertThat(keptNames(plan)).containsExactlyElementsOf(names("2026-11-22T02:00:00Z", "2026-11-21T02:00:00Z"));
    }

    @Test
    void theNewestCompleteSnapshotIsKeptWhenANewerPartialTookTheLastSlot() {
        RetentionPlan plan = utc.plan(List.of(complete("2026-11-20T02:00:00Z"),
                complete("2026-11-21T02:00:00Z"), partial("2026-11-22T02:00:00Z")), keepLast(1), Set.of());

        assertThat(keptNames(plan)).containsExactlyElementsOf(names("2026-11-22T02:00:00Z", "2026-11-21T02:00:00Z"));
        RetentionDecision newestComplete = decision(plan, "2026-11-21T02:00:00Z");
        assertThat(newestComplete.keepReasons()).containsExactly(KeepReason.NEWEST_COMPLETE);
        assertThat(newestComplete.keptDespitePolicy()).isTrue();
    }

    @Test
    void theBaseOfARunningBackupIsNeverPruned() {
        RetentionPlan plan = utc.plan(List.of(complete("2026-11-20T02:00:00Z"),
                        deleting("2026-11-19T02:00:00Z"), complete("2026-11-22T02:00:00Z")), keepLast(1),
                Set.of(name("2026-11-20T02:00:00Z"), name("2026-11-19T02:00:00Z")));

        assertThat(decision(plan, "2026-11-20T02:00:00Z").keepReasons()).containsExactly(KeepReason.RUNNING_BASE);
        assertThat(decision(plan, "2026-11-19T02:00:00Z").keepReasons()).containsExactly(KeepReason.RUNNING_BASE);
        assertThat(plan.toPrune()).isEmpty();
    }

    @Test
    void incompleteSnapshotsOlderThanTheNewestCompleteAreStaleNewerOnesAreKept() {
        RetentionPlan plan = utc.plan(List.of(incomplete("2026-11-19T02:00:00Z"),
                complete("2026-11-20T02:00:00Z"), incomplete("2026-11-21T02:00:00Z"),
                partial("2026-11-22T02:00:00Z"), incomplete("2026-11-23T02:00:00Z")), keepLast(5), Set.of());

        assertThat(decision(plan, "2026-11-19T02:00:00Z").pruneReason()).isEqualTo(PruneReason.STALE_INCOMPLETE);
        assertThat(decision(plan, "2026-11-21T02:00:00Z").keepReasons()).containsExactly(KeepReason.NEWEST_INCOMPLETE);
        assertThat(decision(plan, "2026-11-23T02:00:00Z").keepReasons()).containsExactly(KeepReason.NEWEST_INCOMPLETE);
    }

    @Test
    void incompleteSnapshotsNeverUseUpARule() {
        RetentionPlan plan = utc.plan(List.of(complete("2026-11-21T02:00:00Z"),
                complete("2026-11-22T02:00:00Z"), incomplete("2026-11-23T02:00:00Z")), keepLast(2), Set.of());

        assertThat(plan.toPrune()).isEmpty();
        assertThat(decision(plan, "2026-11-21T02:00:00Z").keepReasons()).containsExactly(KeepReason.LAST);
    }

    @Test
    void deletingSnapshotsArePrunedEvenWhenARuleWouldKeepThem() {
        RetentionPlan plan = utc.plan(List.of(complete("2026-11-21T02:00:00Z"),
                deleting("2026-11-22T02:00:00Z")), keepLast(5), Set.of());

        assertThat(decision(plan, "2026-11-22T02:00:00Z").pruneReason()).isEqualTo(PruneReason.INTERRUPTED_PRUNE);
        assertThat(decision(plan, "2026-11-21T02:00:00Z").keepReasons()).containsExactly(KeepReason.LAST);
    }

    @Test
    void everySnapshotAppearsOnceNewestFirstWhateverTheInputOrder() {
        List<SnapshotCandidate> series = new ArrayList<>(List.of(incomplete("2026-11-19T02:00:00Z"),
                complete("2026-11-22T02:00:00Z"), deleting("2026-11-18T02:00:00Z"),
                partial("2026-11-21T02:00:00Z")));

        RetentionPlan plan = utc.plan(series, keepDaily(1), Set.of());

        assertThat(plan.decisions()).extracting(RetentionDecision::name).containsExactlyElementsOf(names(
                "2026-11-22T02:00:00Z", "2026-11-21T02:00:00Z", "2026-11-19T02:00:00Z", "2026-11-18T02:00:00Z"));
    }

    @Test
    void aNewSnapshotCanPruneOneThatWasKeptBefore() {
        // Not an idempotence the rules promise: windows move as snapshots arrive.
        List<SnapshotCandidate> series = new ArrayList<>(completes("2026-11-21T02:00:00Z"));
        assertThat(utc.plan(series, keepDaily(1), Set.of()).toPrune()).isEmpty();

        series.add(complete("2026-11-22T02:00:00Z"));
        assertThat(Snapshots.prunedNames(utc.plan(series, keepDaily(1), Set.of())))
                .containsExactly(name("2026-11-21T02:00:00Z"));
    }

    @Test
    void refusesTwoSnapshotsWithTheSameName() {
        assertThatThrownBy(() -> utc.plan(List.of(complete("2026-11-21T02:00:00Z"),
                incomplete("2026-11-21T02:00:00Z")), keepLast(1), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("20261121T020000Z");
    }

    @Test
    void refusesNegativeCounts() {
        assertThatThrownBy(() -> keepDaily(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keep_daily");
    }
}
