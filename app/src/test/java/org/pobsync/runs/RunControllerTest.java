package org.pobsync.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.panel.Refresh;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@WebTest
class RunControllerTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    @Test
    void backUpNowQueuesAManualRunAndShowsIt() throws Exception {
        Host h = fixture.readyHost("queue");
        String location = mvc.perform(post("/hosts/" + h.name() + "/backup").param("prune", "true")
                        .with(staff()).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashOk", containsString("queued as run #")))
                .andReturn().getResponse().getRedirectedUrl();
        BackupRun run = fixture.app().runs().list(h.name(), null, 1, 0).get(0);
        assertThat(location).isEqualTo("/runs/" + run.id() + "/");
        assertThat(run.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(run.trigger()).isEqualTo(RunTrigger.MANUAL);
        assertThat(run.dryRun()).isFalse();
        assertThat(run.prune()).isTrue();

        mvc.perform(post("/hosts/" + h.name() + "/dry-run").with(staff()).with(csrf()))
                .andExpect(redirectedUrl("/hosts/" + h.name() + "/"))
                .andExpect(flash().attribute("flashError", containsString("already has a queued or running backup")));
        assertThat(fixture.app().runs().count(h.name(), null)).isEqualTo(1);
    }

    @Test
    void backUpNowOfAnUnpinnedHostIsRefusedWithThePanelsFixAndQueuesNothing() throws Exception {
        fixture.readyHost("keyholder");
        Host h = fixture.newHost("unpinned");
        mvc.perform(post("/hosts/" + h.name() + "/backup").with(staff()).with(csrf()))
                .andExpect(redirectedUrl("/hosts/" + h.name() + "/"))
                .andExpect(flash().attribute("flashError", "Not queued: pin the host key on the SSH page first."));
        mvc.perform(post("/hosts/" + h.name() + "/dry-run").with(staff()).with(csrf()))
                .andExpect(flash().attribute("flashError", containsString("pin the host key")));
        assertThat(fixture.app().runs().list(h.name(), null, 10, 0)).isEmpty();
    }

    @Test
    void dryRunQueuesADryRun() throws Exception {
        Host h = fixture.readyHost("dry");
        mvc.perform(post("/hosts/" + h.name() + "/dry-run").with(staff()).with(csrf()))
                .andExpect(status().is3xxRedirection());
        BackupRun run = fixture.app().runs().list(h.name(), null, 1, 0).get(0);
        assertThat(run.dryRun()).isTrue();
        assertThat(run.prune()).isFalse();
        mvc.perform(get("/runs/" + run.id() + "/").with(staff()))
                .andExpect(content().string(containsString("Dry run #" + run.id())))
                .andExpect(content().string(containsString("Waiting for a worker")));
    }

    @Test
    void aRunWaitingAfterABusyHostSaysWhenItIsTriedAgain() throws Exception {
        Host h = fixture.newHost("waiting");
        BackupRun run = fixture.app().runs().enqueue(h.name(), RunTrigger.MANUAL, false, false, "test");
        fixture.app().database().jdbc().sql("UPDATE backup_run SET not_before = ? WHERE id = ?")
                .params(java.time.Instant.now().plusSeconds(630).toEpochMilli(), run.id()).update();
        mvc.perform(get("/runs/" + run.id() + "/partial").with(staff()))
                .andExpect(status().isOk())
                .andExpect(header().string(Refresh.ACTIVE_HEADER, "true"))
                .andExpect(content().string(containsString("locked by another task")))
                .andExpect(content().string(containsString("workers try again")))
                .andExpect(content().string(containsString(">in 10 min</time>")));
    }

    @Test
    void runningRunPageIsLiveWithProgressLogAndCancel() throws Exception {
        Host h = fixture.newHost("live");
        BackupRun run = fixture.run(h, RunStatus.RUNNING, null);
        mvc.perform(get("/runs/" + run.id() + "/").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-refresh-url=\"/runs/" + run.id() + "/partial\"")))
                .andExpect(content().string(containsString("data-refresh-interval=\"2000\"")))
                .andExpect(content().string(containsString("src=\"/js/refresh")));
        mvc.perform(get("/runs/" + run.id() + "/partial").with(staff()))
                .andExpect(status().isOk())
                .andExpect(header().string(Refresh.ACTIVE_HEADER, "true"))
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(content().string(not(containsString("<html"))))
                .andExpect(content().string(containsString("id=\"run-live\"")))
                .andExpect(content().string(containsString("<progress max=\"100\" value=\"42\"")))
                .andExpect(content().string(containsString("3.0 MiB/s")))
                .andExpect(content().string(containsString("1 min 30 s")))
                .andExpect(content().string(containsString("5.0 MiB")))
                .andExpect(content().string(containsString("&gt;f+++++++++ etc/hosts")))
                .andExpect(content().string(containsString("action=\"/runs/" + run.id() + "/cancel\"")))
                .andExpect(content().string(containsString("name=\"_csrf\"")));
    }

    @Test
    void finishedRunPartialTellsTheScriptToStop() throws Exception {
        Host h = fixture.newHost("done");
        BackupRun run = fixture.run(h, RunStatus.FAILED, "host unreachable: connection refused");
        mvc.perform(get("/runs/" + run.id() + "/partial").with(staff()))
                .andExpect(status().isOk())
                .andExpect(header().string(Refresh.ACTIVE_HEADER, "false"))
                .andExpect(content().string(not(containsString("data-refresh-url"))))
                .andExpect(content().string(not(containsString("/cancel"))))
                .andExpect(content().string(containsString("host unreachable: connection refused")))
                .andExpect(content().string(containsString("255")));
    }

    @Test
    void cancelAQueuedRunEndsItAndCancellingAgainIsRefused() throws Exception {
        Host h = fixture.newHost("cancel");
        BackupRun run = fixture.run(h, RunStatus.QUEUED, null);
        mvc.perform(post("/runs/" + run.id() + "/cancel").with(staff()).with(csrf()))
                .andExpect(redirectedUrl("/runs/" + run.id() + "/"))
                .andExpect(flash().attribute("flashOk", containsString("cancelled before it started")));
        assertThat(fixture.app().runs().get(run.id()).status()).isEqualTo(RunStatus.CANCELLED);
        mvc.perform(post("/runs/" + run.id() + "/cancel").with(staff()).with(csrf()))
                .andExpect(flash().attribute("flashError", containsString("already ended")));
    }

    @Test
    void cancelARunningRunAsksItsWorker() throws Exception {
        Host h = fixture.newHost("cancel-running");
        BackupRun run = fixture.run(h, RunStatus.RUNNING, null);
        mvc.perform(post("/runs/" + run.id() + "/cancel").with(staff()).with(csrf()))
                .andExpect(flash().attribute("flashOk", containsString("Cancel requested")));
        assertThat(fixture.app().runs().get(run.id()).cancelRequested()).isTrue();
        mvc.perform(get("/runs/" + run.id() + "/partial").with(staff()))
                .andExpect(content().string(containsString("cancel requested")))
                .andExpect(content().string(not(containsString("/cancel\""))));
    }

    @Test
    void listFiltersByHostAndStatusAndPages() throws Exception {
        Host h = fixture.newHost("runlist");
        BackupRun failed = fixture.run(h, RunStatus.FAILED, "disk full");
        BackupRun ok = fixture.run(h, RunStatus.SUCCEEDED, null);
        mvc.perform(get("/runs/").param("host", h.name()).param("status", "failed").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"/runs/" + failed.id() + "/\"")))
                .andExpect(content().string(not(containsString("href=\"/runs/" + ok.id() + "/\""))))
                .andExpect(content().string(containsString("disk full")));
        for (int i = 0; i < 50; i++) {
            fixture.run(h, RunStatus.SUCCEEDED, null);
        }
        mvc.perform(get("/runs/").param("host", h.name()).with(staff()))
                .andExpect(content().string(containsString("Older →")));
        mvc.perform(get("/runs/").param("host", h.name()).param("page", "2").with(staff()))
                .andExpect(content().string(containsString("← Newer")))
                .andExpect(content().string(containsString("href=\"/runs/" + failed.id() + "/\"")));
    }

    @Test
    void theHostFilterSuggestsEveryHostAtOnce() throws Exception {
        mvc.perform(get("/runs/").with(staff())).andExpect(status().isOk());
        Host h = fixture.newHost("runlist-filter");
        // The options' markup is reused, but never once the names have changed.
        mvc.perform(get("/runs/").with(staff()))
                .andExpect(content().string(containsString("<option value=\"" + h.name() + "\"></option>")));
        mvc.perform(get("/snapshots/").with(staff()))
                .andExpect(content().string(containsString("<option value=\"" + h.name() + "\"></option>")));
    }

    @Test
    void badInputIsAnErrorPageNotAStackTrace() throws Exception {
        mvc.perform(get("/runs/").param("status", "exploded").with(staff()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("unknown run status")));
        mvc.perform(get("/runs/").param("page", "x").with(staff())).andExpect(status().isNotFound());
        mvc.perform(get("/runs/").param("page", String.valueOf(Integer.MAX_VALUE)).with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("Older →"))));
        mvc.perform(get("/runs/12345678/").with(staff())).andExpect(status().isNotFound());
        mvc.perform(get("/runs/12345678/partial").with(staff())).andExpect(status().isNotFound());
        mvc.perform(post("/hosts/ghost/backup").with(staff()).with(csrf())).andExpect(status().isNotFound());
        for (String body : List.of(mvc.perform(get("/runs/abc/").with(staff())).andReturn().getResponse()
                .getContentAsString())) {
            assertThat(body).doesNotContain("Exception").doesNotContain("at org.");
        }
    }

    @Test
    void aFailedRunOfAHostThatCannotBeBackedUpNowSaysTheFixInPanelWords() throws Exception {
        Host unpinned = fixture.newHost("failed-unpinned");
        fixture.readyHost("keyholder"); // pobsync's own key and the backup root exist: only the pin is missing
        long failed = fixture.run(unpinned, org.pobsync.runs.RunStatus.FAILED, "host key of " + unpinned.name()
                + " is not pinned: scan and pin it with 'pobsync manage host-key " + unpinned.name() + " --scan'").id();
        String page = mvc.perform(get("/runs/{id}/", failed).with(staff())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        String blocked = org.pobsync.testsupport.Html.element(page, "p", "blocked-host_key_not_pinned");
        assertThat(blocked).contains("href=\"/ssh/hosts/" + unpinned.name() + "/\"");
        assertThat(org.pobsync.testsupport.Html.text(blocked)).contains("Pin the host key first",
                "the next backup of " + unpinned.name() + " would fail now");

        Host ready = fixture.readyHost("failed-ready");
        long other = fixture.run(ready, org.pobsync.runs.RunStatus.FAILED, "host unreachable").id();
        mvc.perform(get("/runs/{id}/", other).with(staff())).andExpect(status().isOk())
                .andExpect(content().string(not(containsString("class=\"blocked\""))));
    }
}
