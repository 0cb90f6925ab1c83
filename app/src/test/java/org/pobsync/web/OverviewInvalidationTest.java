package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.status.HostOverview;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The host list is cached for a second, but what an operator just did shows at once. */
@WebTest
class OverviewInvalidationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;
    @Autowired
    HostOverview overview;

    @Test
    void aChangeMadeInThePanelShowsOnTheNextPageAtOnce() throws Exception {
        Host h = fixture.newHost("dropped");
        BackupRun queued = fixture.run(h, RunStatus.QUEUED, null);
        overview.invalidate();
        assertThat(row(h)).contains("s-queued");

        // Cached now, for up to a second; the cancel must drop it.
        mvc.perform(post("/runs/{id}/cancel", queued.id()).with(staff()).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(row(h)).contains("s-cancelled");
    }

    /** The host list's table row of {@code h}. */
    private String row(Host h) throws Exception {
        String html = mvc.perform(get("/hosts/").param("q", h.name()).with(staff())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        int at = html.indexOf(">" + h.name() + "<");
        assertThat(at).as("host %s listed", h.name()).isPositive();
        return html.substring(html.lastIndexOf("<tr", at), html.indexOf("</tr>", at));
    }
}
