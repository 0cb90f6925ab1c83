package org.pobsync.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.pobsync.testsupport.PanelRequests.nonStaff;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@WebTest
class HostAlertsControllerTest {

    static final String PING = "https://hc-ping.example.net/3f6c1c5e-secret-uuid";

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    @Test
    void savedSettingsChangeTheStateShownAndThePingUrlIsNeverEchoed() throws Exception {
        Host h = fixture.newHost("alerts");
        mvc.perform(get("/hosts/" + h.name() + "/alerts").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("no backup yet")))
                .andExpect(content().string(containsString("(the global default)")));
        mvc.perform(post("/hosts/" + h.name() + "/alerts").with(staff()).with(csrf())
                        .param("expectEvery", "48").param("failingAfter", "3").param("partialOk", "true")
                        .param("_partialOk", "on").param("pingUrl", PING))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/hosts/" + h.name() + "/alerts"));
        HostAlertSettings s = fixture.app().alertSettings().forHost(h.name());
        assertThat(s).isEqualTo(new HostAlertSettings(h.id(), 48, 3, true, PING));
        mvc.perform(get("/hosts/" + h.name() + "/alerts").with(staff()))
                .andExpect(content().string(containsString("48 h")))
                .andExpect(content().string(containsString("(set for this host)")))
                .andExpect(content().string(containsString("https://hc-ping.example.net/…")))
                .andExpect(content().string(not(containsString("secret-uuid"))));

        // A blank ping field keeps the URL; the checkbox removes it.
        mvc.perform(post("/hosts/" + h.name() + "/alerts").with(staff()).with(csrf())
                        .param("expectEvery", "").param("failingAfter", "3").param("_partialOk", "on")
                        .param("pingUrl", ""))
                .andExpect(status().is3xxRedirection());
        assertThat(fixture.app().alertSettings().forHost(h.name()))
                .isEqualTo(new HostAlertSettings(h.id(), null, 3, false, PING));
        mvc.perform(post("/hosts/" + h.name() + "/alerts").with(staff()).with(csrf())
                        .param("failingAfter", "3").param("pingUrl", "").param("removePing", "true"))
                .andExpect(status().is3xxRedirection());
        assertThat(fixture.app().alertSettings().forHost(h.name()).pingUrl()).isNull();
    }

    @Test
    void badValuesComeBackNextToTheirFieldsAndNothingIsSaved() throws Exception {
        Host h = fixture.newHost("alerts-bad");
        mvc.perform(post("/hosts/" + h.name() + "/alerts").with(staff()).with(csrf())
                        .param("expectEvery", "1e9").param("failingAfter", "0")
                        .param("pingUrl", "file:///etc/passwd"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrors("alerts", "expectEvery", "failingAfter"))
                .andExpect(content().string(containsString("must be a whole number, got &#39;1e9&#39;")));
        mvc.perform(post("/hosts/" + h.name() + "/alerts").with(staff()).with(csrf())
                        .param("expectEvery", "-5").param("failingAfter", "101")
                        .param("pingUrl", "file:///etc/passwd"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrors("alerts", "expectEvery", "failingAfter", "pingUrl"))
                .andExpect(content().string(containsString("only http:// and https:// URLs are allowed")))
                .andExpect(content().string(containsString("must be from 1 to 8760 hours, got -5")));
        assertThat(fixture.app().alertSettings().forHost(h.name())).isEqualTo(HostAlertSettings.defaults(h.id()));
    }

    @Test
    void onlyStaffMayReadOrChangeThemAndUnknownHostsAre404() throws Exception {
        Host h = fixture.newHost("alerts-acl");
        mvc.perform(get("/hosts/" + h.name() + "/alerts")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/hosts/" + h.name() + "/alerts").with(nonStaff())).andExpect(status().isForbidden());
        mvc.perform(post("/hosts/" + h.name() + "/alerts").with(nonStaff()).with(csrf()).param("expectEvery", "1"))
                .andExpect(status().isForbidden());
        // Without a CSRF token:
        mvc.perform(post("/hosts/" + h.name() + "/alerts").with(staff()).param("expectEvery", "1"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/hosts/no-such-host/alerts").with(staff())).andExpect(status().isNotFound());
        mvc.perform(get("/hosts/..%2F..%2Fetc/alerts").with(staff())).andExpect(status().is4xxClientError());
        assertThat(fixture.app().alertSettings().forHost(h.name())).isEqualTo(HostAlertSettings.defaults(h.id()));
    }
}
