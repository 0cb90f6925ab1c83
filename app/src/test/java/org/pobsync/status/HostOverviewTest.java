package org.pobsync.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pobsync.loop.OneAtATime;
import org.pobsync.testsupport.WebFixture;

/** The shared overview's age, on a time source the test moves (each reading one nanosecond on). */
class HostOverviewTest {

    final WebFixture fixture = WebFixture.create();
    final AtomicLong nanos = new AtomicLong(42_000_000_000L);
    /** Background refreshes run here, inline, after the request has taken the overview it answers with. */
    final HostOverview overview = new HostOverview(fixture.app().status(), nanos::incrementAndGet,
            new OneAtATime(Runnable::run));

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void requestsWithinASecondShareOneOverview() {
        var first = overview.hosts();
        String added = fixture.newHost("later").name();
        assertThat(overview.hosts()).isSameAs(first)
                .noneMatch(h -> h.name().equals(added));
    }

    @Test
    void thePanelsOwnChangesShowAtOnce() {
        overview.hosts();
        String added = fixture.newHost("mine").name();
        overview.invalidate();
        assertThat(overview.hosts()).extracting(HostSummary::name).contains(added);
    }

    @Test
    void changesByOtherProcessesShowWithinAboutTwoSecondsWithoutARequestWaitingForThem() {
        var first = overview.hosts();
        String added = fixture.newHost("worker-side").name();
        nanos.addAndGet(HostOverview.MAX_AGE_NANOS / 2);
        assertThat(overview.hosts()).as("half a second later: still the shared overview").isSameAs(first);
        nanos.addAndGet(HostOverview.MAX_AGE_NANOS / 2);
        assertThat(overview.hosts()).as("a second later: answered with the one there is, a refresh started")
                .isSameAs(first);
        assertThat(overview.hosts()).as("the refreshed one").extracting(HostSummary::name).contains(added);
    }

    @Test
    void anOverviewTooOldIsReadWhileTheRequestWaits() {
        var first = overview.hosts();
        String added = fixture.newHost("late-reader").name();
        nanos.addAndGet(HostOverview.MAX_STALE_NANOS);
        assertThat(overview.hosts()).isNotSameAs(first).extracting(HostSummary::name).contains(added);
    }
}
