package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pobsync.status.HostSummary;
import org.pobsync.testsupport.WebFixture;

class HostOverviewTest {

    final WebFixture fixture = WebFixture.create();
    final HostOverview overview = new HostOverview(fixture.app().status());

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
    void changesByOtherProcessesShowWithinASecond() throws Exception {
        overview.hosts();
        String added = fixture.newHost("worker-side").name();
        Thread.sleep(HostOverview.MAX_AGE_NANOS / 1_000_000 + 50);
        assertThat(overview.hosts()).extracting(HostSummary::name).contains(added);
    }
}
