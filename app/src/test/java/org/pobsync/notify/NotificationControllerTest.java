package org.pobsync.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pobsync.panel.Refresh;
import org.pobsync.testsupport.PanelRequests;
import org.pobsync.testsupport.TestHttpReceiver;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@WebTest
class NotificationControllerTest {

    static final String ROOT = "notify-root";
    static final RequestPostProcessor SUPERUSER = user(ROOT).roles("STAFF", "SUPERUSER");

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    final TestHttpReceiver receiver = TestHttpReceiver.start();

    @BeforeEach
    void superuser() {
        if (fixture.app().users().list().stream().noneMatch(u -> u.username().equals(ROOT))) {
            fixture.app().users().create(ROOT, null, WebFixture.PASSWORD, true, true, "test");
        }
    }

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void onlySuperusersReachNotifications() throws Exception {
        fixture.app().channels().create(ChannelSpec.webhook("acl-hook", receiver.url("/acl"), "generic"), "test");
        List<MockHttpServletRequestBuilder> requests = List.of(get("/notifications/"), get("/notifications/log"),
                get("/notifications/channels/new"), get("/notifications/channels/acl-hook/edit"),
                post("/notifications/channels/acl-hook/test").with(csrf()),
                post("/notifications/channels/acl-hook/remove").with(csrf()),
                post("/notifications/settings").param("reminderHours", "1").with(csrf()));
        for (MockHttpServletRequestBuilder r : requests) {
            mvc.perform(r).andExpect(status().is3xxRedirection());
            mvc.perform(r.with(PanelRequests.nonStaff())).andExpect(status().isForbidden());
            mvc.perform(r.with(PanelRequests.staff())).andExpect(status().isForbidden());
        }
        // A session that still claims the superuser role after the flag was taken away: 403.
        mvc.perform(get("/notifications/").with(user(WebFixture.STAFF).roles("STAFF", "SUPERUSER")))
                .andExpect(status().isForbidden());
        assertThat(receiver.requests()).as("no test was sent").isEmpty();
        assertThat(fixture.app().channels().get("acl-hook")).isNotNull();
        mvc.perform(get("/notifications/").with(SUPERUSER)).andExpect(status().isOk())
                .andExpect(content().string(containsString("acl-hook")));
        mvc.perform(get("/").with(SUPERUSER)).andExpect(content().string(containsString("href=\"/notifications/\"")));
        mvc.perform(get("/").with(PanelRequests.staff()))
                .andExpect(content().string(not(containsString("href=\"/notifications/\""))));
        fixture.app().channels().remove("acl-hook", "test");
    }

    @Test
    void aWebhookIsAddedTestedAndTheTestIsInTheLiveLog() throws Exception {
        mvc.perform(get("/notifications/channels/new").param("kind", "webhook").with(SUPERUSER))
                .andExpect(status().isOk()).andExpect(content().string(containsString("New webhook")));
        mvc.perform(post("/notifications/channels/new").with(SUPERUSER).with(csrf()).param("kind", "webhook")
                        .param("name", "ops-hook").param("url", receiver.url("/hook/secret-path")).param("preset", "generic")
                        .param("secretHeader", "X-Token").param("headerValue", "tok-very-secret")
                        .param("enabled", "true").param("_enabled", "on"))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/notifications/"));
        mvc.perform(post("/notifications/channels/ops-hook/test").with(SUPERUSER).with(csrf()))
                .andExpect(flash().attribute("flashOk", "Test message sent through ops-hook."));
        assertThat(receiver.await(1, Duration.ofSeconds(5)).get(0).header("X-Token")).isEqualTo("tok-very-secret");
        mvc.perform(get("/notifications/").with(SUPERUSER))
                .andExpect(content().string(containsString("X-Token set")))
                .andExpect(content().string(not(containsString("tok-very-secret"))))
                .andExpect(content().string(not(containsString("secret-path"))))
                .andExpect(content().string(containsString("data-refresh-url=\"/notifications/log\"")));
        mvc.perform(get("/notifications/log").with(SUPERUSER))
                .andExpect(status().isOk())
                .andExpect(header().string(Refresh.ACTIVE_HEADER, "true"))
                .andExpect(content().string(containsString("test message")))
                .andExpect(content().string(containsString("badge s-ok\">sent")));
        mvc.perform(get("/notifications/channels/ops-hook/edit").with(SUPERUSER))
                .andExpect(content().string(containsString("A value is set; leave empty to keep it.")))
                .andExpect(content().string(not(containsString("tok-very-secret"))));
        fixture.app().channels().remove("ops-hook", "test");
    }

    @Test
    void aFailingTestSaysWhyAndBadChannelsComeBackWithTheirErrors() throws Exception {
        receiver.answer("/down", 502, Duration.ZERO, "bad gateway");
        fixture.app().channels().create(ChannelSpec.webhook("down-hook", receiver.url("/down"), "slack"), "test");
        mvc.perform(post("/notifications/channels/down-hook/test").with(SUPERUSER).with(csrf()))
                .andExpect(flash().attribute("flashError", org.hamcrest.Matchers.startsWith(
                        "Test of down-hook failed: the webhook http://127.0.0.1:")))
                .andExpect(flash().attribute("flashError", containsString("answered HTTP 502: bad gateway")));
        mvc.perform(get("/notifications/log").with(SUPERUSER))
                .andExpect(content().string(containsString("given up")))
                .andExpect(content().string(containsString("answered HTTP 502")));

        mvc.perform(post("/notifications/channels/new").with(SUPERUSER).with(csrf()).param("kind", "email")
                        .param("name", "Ops Mail").param("recipients", "ops@example.org, not-an-address")
                        .param("smtpHost", "smtp.example.org").param("smtpPort", "99999").param("timeout", "600")
                        .param("smtpPassword", "pw-never-echoed"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrors("channel", "name", "recipients", "smtpPort", "timeout"))
                .andExpect(content().string(containsString("&#39;not-an-address&#39; is not an e-mail address")))
                .andExpect(content().string(not(containsString("pw-never-echoed"))));
        mvc.perform(post("/notifications/channels/new").with(SUPERUSER).with(csrf()).param("kind", "webhook")
                        .param("name", "w").param("url", "javascript:alert(1)"))
                .andExpect(status().isOk()).andExpect(model().attributeHasFieldErrors("channel", "url"));
        mvc.perform(post("/notifications/channels/new").with(SUPERUSER).with(csrf()).param("kind", "webhook")
                        .param("name", "down-hook").param("url", "https://example.org/"))
                .andExpect(status().isOk()).andExpect(model().attributeHasFieldErrors("channel", "name"))
                .andExpect(content().string(containsString("already exists")));
        assertThat(fixture.app().channels().list()).extracting(Channel::name).containsExactly("down-hook");
        mvc.perform(post("/notifications/channels/nope/test").with(SUPERUSER).with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(get("/notifications/channels/..%2F..%2Fetc/edit").with(SUPERUSER))
                .andExpect(status().is4xxClientError());
        mvc.perform(post("/notifications/channels/down-hook/remove").with(SUPERUSER).with(csrf()))
                .andExpect(status().is3xxRedirection());
        assertThat(fixture.app().channels().list()).isEmpty();
    }

    @Test
    void alertSettingsAreCheckedFieldByField() throws Exception {
        mvc.perform(post("/notifications/settings").with(SUPERUSER).with(csrf()).param("defaultExpectEvery", "0")
                        .param("reminderHours", "soon").param("digestHour", "24").param("diskFreePercent", "100")
                        .param("panelUrl", "ftp://x"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrors("settings", "defaultExpectEvery", "reminderHours",
                        "digestHour", "diskFreePercent", "panelUrl"));
        mvc.perform(post("/notifications/settings").with(SUPERUSER).with(csrf()).param("defaultExpectEvery", "30")
                        .param("reminderHours", "").param("digestHour", "7").param("diskFreePercent", "15")
                        .param("panelUrl", "https://backup.example.org/"))
                .andExpect(status().is3xxRedirection());
        var s = fixture.app().alertSettings().get();
        assertThat(s.defaultExpectHours()).isEqualTo(30);
        assertThat(s.reminderHours()).isNull();
        assertThat(s.digestHour()).isEqualTo(7);
        assertThat(s.panelUrl()).isEqualTo("https://backup.example.org/");
        fixture.app().alertSettings().update(new org.pobsync.status.AlertSettings(26, 24, null, 10, null, null), "t");
    }
}
