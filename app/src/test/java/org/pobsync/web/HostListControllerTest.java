package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.runs.RunStatus;
import org.pobsync.status.HostOverview;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The host list: a page at a time, by state, by name; what the dashboard's "more" link opens. */
@WebTest
class HostListControllerTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;
    @Autowired
    HostOverview overview;

    @BeforeEach
    void freshOverview() {
        overview.invalidate();
    }

    @Test
    void aLongListComesAPageAtATimeWithEveryHostOnExactlyOnePage() throws Exception {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < HostListController.PAGE_SIZE + 5; i++) {
            made.add(fixture.newHost("paged").name());
        }
        overview.invalidate();
        List<String> seen = new ArrayList<>();
        String first = page("/hosts/?q=paged-&page=1");
        assertThat(first).contains("hosts 1–" + HostListController.PAGE_SIZE + " of " + made.size(), "Next →")
                .doesNotContain("← Previous");
        String second = page("/hosts/?q=paged-&page=2");
        assertThat(second).contains("hosts " + (HostListController.PAGE_SIZE + 1) + "–" + made.size(), "← Previous")
                .doesNotContain("Next →");
        for (String name : made) {
            int on = (first.contains(">" + name + "<") ? 1 : 0) + (second.contains(">" + name + "<") ? 1 : 0);
            assertThat(on).as("%s on one page", name).isEqualTo(1);
        }
        assertThat(page("/hosts/?q=paged-&page=2147483647")).contains("No hosts on this page.");
    }

    @Test
    void aStateOrAttentionShowsOnlyThoseHosts() throws Exception {
        Host failing = fixture.newHost("listfail");
        fixture.run(failing, RunStatus.FAILED, "host unreachable");
        Host warned = fixture.newHost("listwarn");
        fixture.run(warned, RunStatus.WARNING, "some files vanished");
        Host fresh = fixture.newHost("listnew");
        overview.invalidate();

        String onlyFailing = page("/hosts/?state=failing&q=list");
        assertThat(onlyFailing).contains(">" + failing.name() + "<")
                .doesNotContain(">" + warned.name() + "<", ">" + fresh.name() + "<");
        String attention = page("/hosts/?state=attention&q=list");
        assertThat(attention).as("its newest run warned").contains(">" + failing.name() + "<", ">" + warned.name() + "<")
                .doesNotContain(">" + fresh.name() + "<");
        assertThat(page("/hosts/?state=ok&q=" + fresh.name())).contains(">" + fresh.name() + "<");
    }

    @Test
    void theDashboardsMoreLinkOpensTheHostsNeedingAttention() throws Exception {
        for (int i = 0; i < DashboardController.HOST_ROWS + 1; i++) {
            fixture.run(fixture.newHost("many"), RunStatus.FAILED, "host unreachable");
        }
        overview.invalidate();
        assertThat(page("/")).containsPattern("<a href=\"/hosts/\\?state=attention\">\\d+ more need attention.</a>");
    }

    @Test
    void anUnknownStateIsAClearError() throws Exception {
        String body = mvc.perform(get("/hosts/").param("state", "broken").with(staff()))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString();
        assertThat(body).contains("unknown host filter").contains("attention, ok, late, failing, never or disabled")
                .doesNotContain("Exception");
    }

    private String page(String url) throws Exception {
        return mvc.perform(get(url).with(staff())).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }
}
