package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.testsupport.Html;
import org.pobsync.runs.RunStatus;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.status.HostOverview;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@WebTest
class HostPagesControllerTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;
    @Autowired
    HostOverview overview;

    /** The fixture writes behind the panel's back, so the shared overview is dropped before each test. */
    @BeforeEach
    void freshOverview() {
        overview.invalidate();
    }

    @Test
    void listShowsEveryHostWithItsLastRun() throws Exception {
        Host h = fixture.newHost("listed");
        fixture.run(h, RunStatus.FAILED, "host unreachable");
        mvc.perform(get("/hosts/").param("q", h.name()).with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(h.name())))
                .andExpect(content().string(containsString("s-failed")));
    }

    @Test
    void diskUseIsWhatTheSnapshotsAddedShownOnTheHostPageWithAChartAndInTheHostList() throws Exception {
        Host h = fixture.newHost("usage");
        var first = fixture.snapshot(h, "20260301T021500Z", SnapshotStatus.COMPLETE, null);
        var second = fixture.snapshot(h, "20260302T021500Z", SnapshotStatus.COMPLETE, first.id());
        var gone = fixture.snapshot(h, "20260303T021500Z", SnapshotStatus.DELETED, second.id());
        fixture.app().snapshots().setAddedBytes(first.id(), 3L << 30);
        fixture.app().snapshots().setAddedBytes(second.id(), 5L << 20);
        fixture.app().snapshots().setAddedBytes(gone.id(), 7L << 30);

        String page = mvc.perform(get("/hosts/" + h.name() + "/").with(staff())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        org.assertj.core.api.Assertions.assertThat(org.pobsync.testsupport.Html.text(
                        org.pobsync.testsupport.Html.element(page, "p", "disk-use")))
                .as("a deleted snapshot's bytes are not on disk").contains("3.0 GiB on disk for 2 snapshots");
        org.assertj.core.api.Assertions.assertThat(page).contains("<svg", "<polyline class=\"total\"", "5.0 MiB")
                .doesNotContain("style=");
        mvc.perform(get("/hosts/").param("q", h.name()).with(staff()))
                .andExpect(content().string(containsString("3.0 GiB")));
    }

    @Test
    void detailShowsConfigurationRunsSnapshotsAndActions() throws Exception {
        Host h = fixture.newHost("detail");
        fixture.run(h, RunStatus.SUCCEEDED, null);
        fixture.snapshot(h, "20260301T021500Z", SnapshotStatus.COMPLETE, null);
        fixture.app().schedules().configure(h.name(), "15 2 * * *", "UTC", true, true, "test");
        mvc.perform(get("/hosts/" + h.name() + "/").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("/etc")))
                .andExpect(content().string(containsString("20260301T021500Z")))
                .andExpect(content().string(containsString("3.0 GiB")))
                .andExpect(content().string(containsString("at 02:15")))
                .andExpect(content().string(containsString("class=\"blocked\"")))
                .andExpect(content().string(containsString("not pinned")))
                .andExpect(content().string(containsString(">late</span>")))
                .andExpect(content().string(containsString("(expected every 26 h)")))
                .andExpect(content().string(containsString("(from its schedule)")))
                .andExpect(content().string(containsString("href=\"/hosts/" + h.name() + "/alerts\"")));
    }

    @Test
    void detailOfAHostWithARunningBackupLinksToItInsteadOfOfferingANewOne() throws Exception {
        Host h = fixture.newHost("busy");
        long id = fixture.run(h, RunStatus.RUNNING, null).id();
        mvc.perform(get("/hosts/" + h.name() + "/").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("/runs/" + id + "/")))
                .andExpect(content().string(not(containsString(">Back up now<"))));
    }

    @Test
    void aHostWhoseKeyIsNotPinnedOffersThePinningInsteadOfABackupThatWouldFail() throws Exception {
        Host h = fixture.newHost("unpinned");
        fixture.readyHost("keyholder"); // pobsync's own key and the backup root exist: only the pin is missing
        String page = mvc.perform(get("/hosts/" + h.name() + "/").with(staff())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        String blocked = Html.element(page, "p", "blocked-host_key_not_pinned");
        assertThat(blocked).contains("href=\"/ssh/hosts/" + h.name() + "/\"");
        assertThat(Html.text(blocked)).contains("Pin the host key first", "a backup of " + h.name() + " would fail now")
                .doesNotContain("pobsync manage");
        assertThat(page).doesNotContain(">Back up now<", ">Dry run<", "/hosts/" + h.name() + "/backup");
    }

    @Test
    void aHostReadyForABackupOffersBackUpNowAndDryRun() throws Exception {
        Host h = fixture.readyHost("ready");
        mvc.perform(get("/hosts/" + h.name() + "/").with(staff()))
                .andExpect(content().string(containsString(">Back up now<")))
                .andExpect(content().string(containsString(">Dry run<")))
                .andExpect(content().string(containsString(">Test connection<")))
                .andExpect(content().string(not(containsString("class=\"blocked\""))));
    }

    @Test
    void withoutTheBackupRootTheHostPageSaysSoInsteadOfOfferingABackup() throws Exception {
        Host h = fixture.readyHost("rootless");
        java.nio.file.Path root = fixture.app().globalConfig().get().backupRoot();
        java.nio.file.Path aside = root.resolveSibling("backups-unmounted");
        java.nio.file.Files.move(root, aside);
        try {
            String page = mvc.perform(get("/hosts/" + h.name() + "/").with(staff())).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString();
            assertThat(Html.text(Html.element(page, "p", "blocked-backup_root_missing")))
                    .contains("Check the backup root first", "is the backup disk mounted?");
            assertThat(page).doesNotContain(">Back up now<");
        } finally {
            java.nio.file.Files.move(aside, root);
        }
    }

    @Test
    void unknownHostIsA404PageInPanelWordsWithLinksToTheHosts() throws Exception {
        String page = mvc.perform(get("/hosts/nope/").with(staff()))
                .andExpect(status().isNotFound())
                .andExpect(content().string(containsString("Signed in as")))
                .andReturn().getResponse().getContentAsString();
        String said = Html.element(page, "p", "unknown-host");
        assertThat(Html.text(said).strip()).isEqualTo("There is no host named nope in pobsync.");
        assertThat(page).contains("href=\"/hosts/new\"", "href=\"/hosts/\"").doesNotContain("pobsync manage");
    }

    @Test
    void testConnectionWithoutAServerKeySaysWhatToDo() throws Exception {
        Host h = fixture.newHost("probe");
        // Other test classes share this data dir and may have generated the key.
        java.nio.file.Files.deleteIfExists(fixture.app().settings().sshKey());
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(fixture.app().settings().sshKey() + ".pub"));
        mvc.perform(post("/hosts/" + h.name() + "/test-connection").with(staff()).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/hosts/" + h.name() + "/"))
                .andExpect(flash().attribute("flashError",
                        "Connection test not possible: create pobsync's SSH key on the SSH page first."));
        mvc.perform(get("/hosts/" + h.name() + "/").with(staff()))
                .andExpect(content().string(containsString("Create pobsync's SSH key first")))
                .andExpect(content().string(not(containsString(">Test connection<"))));
    }

    @Test
    void theFormsAreTheSessionsAndChangesShowWithTheNextOverviewOrAtOnceFromThePanel() throws Exception {
        Host h = fixture.readyHost("kept");
        String first = mvc.perform(get("/hosts/" + h.name() + "/").with(staff())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(first).contains("No runs yet", "name=\"_csrf\"");

        // Behind the panel's back (a worker, a CLI command): shown with the next overview.
        fixture.run(h, RunStatus.FAILED, "host unreachable");
        overview.invalidate();
        mvc.perform(get("/hosts/" + h.name() + "/").with(staff()))
                .andExpect(content().string(not(containsString("No runs yet"))))
                .andExpect(content().string(containsString("host unreachable")));

        // Through the panel: every POST drops the overview, so the redirect shows the change.
        mvc.perform(post("/hosts/" + h.name() + "/dry-run").with(staff()).with(csrf()))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/hosts/" + h.name() + "/").with(staff()))
                .andExpect(content().string(containsString("dry run")));
    }
}
