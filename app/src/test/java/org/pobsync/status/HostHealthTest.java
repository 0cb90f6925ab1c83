package org.pobsync.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one function that decides a host's state, on its own with a fixed clock. */
class HostHealthTest {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    static final Expectation DAILY = new Expectation(Duration.ofHours(26), Expectation.Source.SCHEDULE);

    /** A host added 30 days ago with a daily expectation, failing after 1 run, and no history yet. */
    static HostFacts host() {
        return new HostFacts(true, NOW.minus(Duration.ofDays(30)), DAILY, 1, false, null, false, null, null, 0, null);
    }

    static HostFacts withGood(HostFacts f, Duration ago) {
        Instant at = NOW.minus(ago);
        return new HostFacts(f.enabled(), f.createdAt(), f.expectation(), f.failingAfterRuns(), f.partialIsGood(), at,
                false, null, at, f.failedInARow(), f.lastError());
    }

    static HostFacts withFailures(HostFacts f, int k, int failed, String error) {
        return new HostFacts(f.enabled(), f.createdAt(), f.expectation(), k, f.partialIsGood(), f.newestUsableAt(),
                f.newestUsablePartial(), f.partialReason(), f.newestCompleteAt(), failed, error);
    }

    static HostVerdict assess(HostFacts f) {
        return HostHealth.assess(f, NOW);
    }

    @Test
    void aGoodSnapshotWithinTheExpectationIsOk() {
        HostVerdict v = assess(withGood(host(), Duration.ofHours(25)));
        assertThat(v.state()).isEqualTo(HostState.OK);
        assertThat(v.label()).isEqualTo("ok");
        assertThat(v.reason()).isNull();
        assertThat(v.lastGoodAt()).isEqualTo(NOW.minus(Duration.ofHours(25)));
    }

    @Test
    void noGoodSnapshotWithinTheExpectationIsLate() {
        HostVerdict v = assess(withGood(host(), Duration.ofHours(27)));
        assertThat(v.state()).isEqualTo(HostState.LATE);
        assertThat(v.reason()).isEqualTo("no good snapshot for 27 h (expected every 26 h)");
        assertThat(v.stale()).isTrue();
        assertThat(assess(withGood(host(), Duration.ofDays(10))).reason())
                .isEqualTo("no good snapshot for 10 d (expected every 26 h)");
    }

    @Test
    void aNewHostHasNoBackupYetUntilItsGracePeriodEndsThenItIsNever() {
        HostFacts added = new HostFacts(true, NOW.minus(Duration.ofHours(2)), DAILY, 1, false, null, false, null,
                null, 0, null);
        HostVerdict fresh = assess(added);
        assertThat(fresh.state()).isEqualTo(HostState.OK);
        assertThat(fresh.firstBackupDue()).isTrue();
        assertThat(fresh.label()).isEqualTo("no backup yet");
        assertThat(fresh.labelKey()).isEqualTo("new");
        assertThat(fresh.stale()).isFalse();
        assertThat(fresh.reason()).isEqualTo("no backup yet; the first good one is due in 24 h");

        HostVerdict never = assess(host());
        assertThat(never.state()).isEqualTo(HostState.NEVER);
        assertThat(never.label()).isEqualTo("never backed up");
        assertThat(never.reason()).isEqualTo("no good snapshot since the host was added 30 d ago");
        assertThat(never.stale()).isTrue();
    }

    @Test
    void theLastKRunsFailingIsFailingAndComesFirst() {
        HostFacts late = withGood(host(), Duration.ofDays(3));
        HostVerdict one = assess(withFailures(late, 1, 1, "host unreachable: connection refused\nmore"));
        assertThat(one.state()).isEqualTo(HostState.FAILING);
        assertThat(one.reason()).isEqualTo("the last run failed: host unreachable: connection refused");
        assertThat(one.stale()).as("failing, not late").isFalse();

        assertThat(assess(withFailures(late, 3, 2, "x")).state()).as("2 of K=3").isEqualTo(HostState.LATE);
        HostVerdict three = assess(withFailures(late, 3, 4, null));
        assertThat(three.state()).isEqualTo(HostState.FAILING);
        assertThat(three.reason()).isEqualTo("the last 4 runs failed");
        assertThat(assess(withFailures(host(), 1, 1, "auth refused")).state()).as("before never")
                .isEqualTo(HostState.FAILING);
        assertThat(assess(withFailures(withGood(host(), Duration.ofHours(1)), 1, 0, null)).state())
                .isEqualTo(HostState.OK);
    }

    @Test
    void aDisabledHostIsDisabledWhateverElseIsTrue() {
        HostFacts f = withFailures(host(), 1, 5, "broken");
        HostFacts off = new HostFacts(false, f.createdAt(), f.expectation(), 1, false, null, false, null, null, 5,
                "broken");
        HostVerdict v = assess(off);
        assertThat(v.state()).isEqualTo(HostState.DISABLED);
        assertThat(v.state().bad()).isFalse();
        assertThat(v.stale()).isFalse();
    }

    @Test
    void aPartialSnapshotCountsOnlyWhereTheHostAllowsIt() {
        Instant complete = NOW.minus(Duration.ofHours(30));
        Instant partial = NOW.minus(Duration.ofHours(1));
        HostFacts strict = new HostFacts(true, NOW.minus(Duration.ofDays(30)), DAILY, 1, false, partial, true,
                "some files could not be read: /etc/shadow: Permission denied", complete, 0, null);
        HostVerdict v = assess(strict);
        assertThat(v.state()).isEqualTo(HostState.LATE);
        assertThat(v.lastGoodAt()).isEqualTo(complete);
        assertThat(v.reason()).isEqualTo("no good snapshot for 30 h (expected every 26 h); the newest snapshot is"
                + " partial and does not count as good (some files could not be read: /etc/shadow: Permission denied)");

        HostFacts lenient = new HostFacts(true, strict.createdAt(), DAILY, 1, true, partial, true,
                strict.partialReason(), complete, 0, null);
        HostVerdict ok = assess(lenient);
        assertThat(ok.state()).isEqualTo(HostState.OK);
        assertThat(ok.lastGoodAt()).isEqualTo(partial);
        assertThat(ok.reason()).isNull();

        HostFacts onlyPartial = new HostFacts(true, strict.createdAt(), DAILY, 1, false, partial, true, null, null,
                0, null);
        assertThat(assess(onlyPartial).state()).isEqualTo(HostState.NEVER);
        assertThat(assess(onlyPartial).reason()).endsWith("; the newest snapshot is partial and does not count as good");

        HostFacts recentComplete = new HostFacts(true, strict.createdAt(), DAILY, 1, false, partial, true, "x",
                NOW.minus(Duration.ofHours(3)), 0, null);
        assertThat(assess(recentComplete).state()).isEqualTo(HostState.OK);
        assertThat(assess(recentComplete).reason()).as("ok, but the operator sees why the newest is not counted")
                .isEqualTo("the newest snapshot is partial and does not count as good (x)");
    }

    @Test
    void statesSortWorstFirst() {
        assertThat(HostState.FAILING.severity()).isLessThan(HostState.NEVER.severity());
        assertThat(HostState.NEVER.severity()).isLessThan(HostState.LATE.severity());
        assertThat(HostState.LATE.severity()).isLessThan(HostState.OK.severity());
        assertThat(HostState.OK.severity()).isLessThan(HostState.DISABLED.severity());
        assertThat(HostState.parse("never")).isEqualTo(HostState.NEVER);
    }
}
