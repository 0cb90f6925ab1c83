package org.pobsync.selfcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.testsupport.Html;
import org.pobsync.testsupport.UnwritableDirectory;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@WebTest
class SelfCheckPageTest {

    static final RequestPostProcessor STAFF = user(WebFixture.STAFF).roles("STAFF");

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    @Test
    void pageShowsEveryCheckWithItsLevelAndHint() throws Exception {
        String page = page();
        for (String check : new String[] {"rsync", "ssh", "database", "backup-root", "ssh-key", "host-keys",
                "scheduler", "worker", "recent-backups"}) {
            assertThat(Html.element(page, "tr", "check-" + check)).containsPattern(">(OK|WARN|FAIL)</span>");
        }
        // The services are part of the page even though the panel is not started with --deploy.
        assertThat(Html.element(page, "tr", "check-database")).contains("s-ok", "sqlite reachable, sound, migrations current");
    }

    @Test
    void aFailingCheckThePanelCanFixLinksToThePageThatFixesIt() throws Exception {
        fixture.newHost("unpinned-check");
        String row = Html.element(page(), "tr", "check-host-keys");
        assertThat(row).containsPattern(">(WARN|FAIL)</span>").contains("unpinned-check")
                .contains("class=\"panel-fix\" href=\"/ssh/\"");
        assertThat(Html.element(page(), "tr", "check-database")).as("nothing to fix").doesNotContain("panel-fix");
    }

    @Test
    void anonymousIsSentToTheLoginAndNonStaffAreRefused() throws Exception {
        mvc.perform(get("/self-check/")).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/login"));
        mvc.perform(get("/self-check/").with(user(WebFixture.VIEWER).roles()))
                .andExpect(status().isForbidden());
    }

    @Test
    void unwritableBackupRootFailsAndTheDashboardShowsABanner() throws Exception {
        GlobalConfigService config = fixture.app().globalConfig();
        String before = config.get().backupRoot().toString();
        Path root = fixture.dir().resolve("ro-backups");
        try (UnwritableDirectory ro = UnwritableDirectory.at(root)) {
            config.update(new GlobalConfigService.Changes(root.toString(), null, null, null, null, null, null, null),
                    "test");
            String row = Html.element(page(), "tr", "check-backup-root");
            assertThat(row).as(ro.how()).contains(">FAIL<", root + " is not writable", "give the pobsync user write access");

            String banner = Html.element(dashboard(), "div", "self-check-banner");
            assertThat(Html.text(banner)).contains("Self Check:", "backup root", "Open the Self Check");
            assertThat(banner).contains("href=\"/self-check/\"");
        } finally {
            config.update(new GlobalConfigService.Changes(before, null, null, null, null, null, null, null), "test");
        }
        assertThat(Html.element(page(), "tr", "check-backup-root")).doesNotContain(">FAIL<");
    }

    @Test
    void staleWorkerHeartbeatFailsAndAFreshOnePasses() throws Exception {
        var app = fixture.app();
        String component = "worker:page-test:1";
        try {
            app.heartbeats().beat(component, app.clock().instant());
            assertThat(Html.element(page(), "tr", "check-worker")).contains(">OK<", "last seen just now");

            // The check is about any worker being alive: age every worker of the shared database.
            long twentyMinutesAgo = app.clock().instant().minus(Duration.ofMinutes(20)).toEpochMilli();
            app.database().jdbc().sql("UPDATE service_heartbeat SET last_seen_at = ? WHERE component LIKE 'worker:%'")
                    .param(twentyMinutesAgo).update();
            String row = Html.element(page(), "tr", "check-worker");
            assertThat(row).contains(">FAIL<", "last seen 20 min ago", "journalctl -u pobsync-worker");
        } finally {
            app.database().jdbc().sql("DELETE FROM service_heartbeat WHERE component = ?").param(component).update();
        }
    }

    private String page() throws Exception {
        return mvc.perform(get("/self-check/").with(STAFF)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private String dashboard() throws Exception {
        return mvc.perform(get("/").with(STAFF)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }
}
