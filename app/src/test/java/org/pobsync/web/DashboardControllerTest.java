package org.pobsync.web;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.hamcrest.Matchers.containsString;

import org.junit.jupiter.api.Test;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@WebTest
class DashboardControllerTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    @Test
    void dashboardListsHosts() throws Exception {
        String name = fixture.newHost("dash").name();
        mvc.perform(get("/").with(user(WebFixture.STAFF).roles("STAFF")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(name)));
    }

    @Test
    void runningRegionIsAPartialThatKeepsPolling() throws Exception {
        mvc.perform(get("/dashboard/running").with(user(WebFixture.STAFF).roles("STAFF")))
                .andExpect(status().isOk())
                .andExpect(header().string(Refresh.ACTIVE_HEADER, "true"))
                .andExpect(content().string(containsString("data-refresh-url=\"/dashboard/running\"")));
    }
}
