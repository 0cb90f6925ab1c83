package org.pobsync.retention;

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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pobsync.config.RetentionSettings;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.panel.Refresh;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.Html;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@WebTest
class RetentionControllerTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    /** A host keeping the last two snapshots, with four recorded: the two oldest are pruned. */
    private Host hostWithFourSnapshots(String prefix) {
        Host h = fixture.newHost(prefix);
        fixture.app().hosts().save(h.name(), b -> b.retentionOverride(new RetentionSettings(2, null, null, null, null,
                null)), Editor.maintainer("test"));
        for (String name : List.of("20260101T021500Z", "20260102T021500Z", "20260103T021500Z", "20260104T021500Z")) {
            fixture.snapshot(h, name, SnapshotStatus.COMPLETE, null);
        }
        return h;
    }

    private SnapshotStatus snapshotStatus(Host h, String name) {
        return fixture.app().snapshots().find(h.id(), name).map(SnapshotRecord::status).orElseThrow();
    }

    @Test
    void changeLeadsWhereThePolicyInForceIsSet() throws Exception {
        Host own = hostWithFourSnapshots("own-policy");
        String ownPage = mvc.perform(get("/hosts/" + own.name() + "/retention").with(staff()))
                .andReturn().getResponse().getContentAsString();
        assertThat(Html.element(ownPage, "a", "change-policy")).contains("href=\"/hosts/" + own.name() + "/edit\"");

        Host inheriting = fixture.newHost("global-policy");
        String asSuperuser = mvc.perform(get("/hosts/" + inheriting.name() + "/retention")
                .with(org.pobsync.testsupport.PanelRequests.superuser())).andReturn().getResponse().getContentAsString();
        assertThat(Html.element(asSuperuser, "a", "change-policy")).contains("href=\"/settings/\"");
        String asStaff = mvc.perform(get("/hosts/" + inheriting.name() + "/retention").with(staff()))
                .andReturn().getResponse().getContentAsString();
        assertThat(asStaff).as("staff cannot open Settings: no link that answers 403")
                .doesNotContain("href=\"/settings/\"").contains("a superuser changes the global default");
    }

    @Test
    void planShowsEverySnapshotWithItsVerdictAndReason() throws Exception {
        Host h = hostWithFourSnapshots("plan");
        String page = mvc.perform(get("/hosts/" + h.name() + "/retention").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("keep-last 2")))
                .andExpect(content().string(containsString("(this host)")))
                .andExpect(content().string(containsString("2 of 4")))
                .andExpect(content().string(containsString("Review and delete 2 snapshots")))
                .andReturn().getResponse().getContentAsString();
        int newest = page.indexOf("20260104T021500Z");
        int oldest = page.indexOf("20260101T021500Z");
        assertThat(newest).isPositive().isLessThan(oldest);
        assertThat(page.substring(newest, page.indexOf("</tr>", newest))).contains(">keep<", ">last<");
        assertThat(page.substring(oldest, page.indexOf("</tr>", oldest))).contains(">prune<",
                "not selected by any rule");
        assertThat(snapshotStatus(h, "20260101T021500Z")).as("the plan page deletes nothing").isEqualTo(SnapshotStatus.COMPLETE);
    }

    @Test
    void confirmationPageNamesWhatWillBeDeletedAndProposesTheBound() throws Exception {
        Host h = hostWithFourSnapshots("confirm");
        mvc.perform(get("/hosts/" + h.name() + "/retention/apply").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("2 snapshots of " + h.name() + " will be deleted")))
                .andExpect(content().string(containsString("20260102T021500Z")))
                .andExpect(content().string(not(containsString("<td class=\"mono\">20260104T021500Z"))))
                .andExpect(content().string(containsString("name=\"maxDelete\" min=\"0\" value=\"2\"")))
                .andExpect(content().string(containsString("name=\"confirmed\" value=\"true\"")));
    }

    @Test
    void applyRefusesWhenThePlanExceedsMaxDeleteAndDeletesNothing() throws Exception {
        Host h = hostWithFourSnapshots("bound");
        mvc.perform(post("/hosts/" + h.name() + "/retention/apply").param("maxDelete", "1").param("confirmed", "true")
                        .with(staff()).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Nothing was deleted")))
                .andExpect(content().string(containsString("more than --max-delete 1")));
        assertThat(snapshotStatus(h, "20260101T021500Z")).isEqualTo(SnapshotStatus.COMPLETE);
        assertThat(snapshotStatus(h, "20260102T021500Z")).isEqualTo(SnapshotStatus.COMPLETE);
    }

    @Test
    void applyNeedsTheConfirmationAndAWholeNumber() throws Exception {
        Host h = hostWithFourSnapshots("unconfirmed");
        mvc.perform(post("/hosts/" + h.name() + "/retention/apply").param("maxDelete", "5").with(staff()).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Nothing was deleted")));
        mvc.perform(post("/hosts/" + h.name() + "/retention/apply").param("maxDelete", "lots")
                        .param("confirmed", "true").with(staff()).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("must be a whole number")));
        mvc.perform(post("/hosts/" + h.name() + "/retention/apply").param("maxDelete", "-3")
                        .param("confirmed", "true").with(staff()).with(csrf()))
                .andExpect(content().string(containsString("must be 0 or more")));
        assertThat(snapshotStatus(h, "20260101T021500Z")).isEqualTo(SnapshotStatus.COMPLETE);
    }

    @Test
    void confirmedApplyWithinTheBoundIsQueuedAndAWorkerPrunes() throws Exception {
        Host h = hostWithFourSnapshots("apply");
        mvc.perform(post("/hosts/" + h.name() + "/retention/apply").param("maxDelete", "2").param("confirmed", "true")
                        .with(staff()).with(csrf()))
                .andExpect(redirectedUrl("/hosts/" + h.name() + "/retention"))
                .andExpect(flash().attribute("flashOk", containsString("queued")));
        // The panel deletes nothing itself (under systemd it cannot): the request waits for a worker.
        assertThat(snapshotStatus(h, "20260101T021500Z")).isEqualTo(SnapshotStatus.COMPLETE);
        mvc.perform(get("/hosts/" + h.name() + "/retention").with(staff()))
                .andExpect(content().string(containsString("id=\"prunes\"")))
                .andExpect(content().string(containsString("data-refresh-url=\"/hosts/" + h.name() + "/retention/prunes\"")))
                .andExpect(content().string(containsString("waiting for a worker")))
                .andExpect(content().string(not(containsString("Review and delete"))));
        // A second confirmation while the first waits is refused, not queued twice.
        mvc.perform(post("/hosts/" + h.name() + "/retention/apply").param("maxDelete", "2").param("confirmed", "true")
                        .with(staff()).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("already waiting for a worker")));

        runQueuedPruneOf(h);
        assertThat(snapshotStatus(h, "20260101T021500Z")).isEqualTo(SnapshotStatus.DELETED);
        assertThat(snapshotStatus(h, "20260102T021500Z")).isEqualTo(SnapshotStatus.DELETED);
        assertThat(snapshotStatus(h, "20260104T021500Z")).isEqualTo(SnapshotStatus.COMPLETE);
        assertThat(fixture.app().audit().recent(WebFixture.STAFF, "prune.apply", 10, 0))
                .anyMatch(e -> h.name().equals(e.target()));
        mvc.perform(get("/hosts/" + h.name() + "/retention/prunes").with(staff()))
                .andExpect(status().isOk())
                .andExpect(header().string(Refresh.ACTIVE_HEADER, "false"))
                .andExpect(content().string(containsString("pruned 2 snapshots of " + h.name())))
                .andExpect(content().string(not(containsString("data-refresh-url"))));
    }

    @Test
    void aPruneThatOutgrewItsBoundByTheTimeTheWorkerRunsDeletesNothing() throws Exception {
        Host h = hostWithFourSnapshots("outgrown");
        mvc.perform(post("/hosts/" + h.name() + "/retention/apply").param("maxDelete", "2").param("confirmed", "true")
                        .with(staff()).with(csrf()))
                .andExpect(redirectedUrl("/hosts/" + h.name() + "/retention"));
        // A backup finished meanwhile: the plan now prunes three.
        fixture.snapshot(h, "20260105T021500Z", SnapshotStatus.COMPLETE, null);
        runQueuedPruneOf(h);
        assertThat(snapshotStatus(h, "20260101T021500Z")).isEqualTo(SnapshotStatus.COMPLETE);
        mvc.perform(get("/hosts/" + h.name() + "/retention/prunes").with(staff()))
                .andExpect(content().string(containsString("more than --max-delete 2; nothing was deleted")))
                .andExpect(content().string(containsString("failed")));
    }

    /**
     * What a worker pass does with the request (WorkerServiceTest runs the real worker; a worker
     * here would also recover the fixture's hand-made "running" runs of other tests).
     */
    private void runQueuedPruneOf(Host h) {
        PruneQueue prunes = fixture.app().prunes();
        PruneRequest claimed = prunes.claimNext("worker:test:1").orElseThrow();
        assertThat(claimed.hostName()).isEqualTo(h.name());
        assertThat(prunes.claimNext("worker:test:2")).as("one claim per request").isEmpty();
        prunes.execute(claimed);
    }

    @Test
    void thePrunesPartialOfAnUnknownHostIsNotFound() throws Exception {
        mvc.perform(get("/hosts/nosuchhost/retention/prunes").with(staff())).andExpect(status().isNotFound());
    }

    @Test
    void discoverRecordsWhatIsOnDisk() throws Exception {
        Host h = fixture.newHost("discover");
        Path root = fixture.app().globalConfig().get().backupRoot();
        Files.createDirectories(root.resolve(h.name()).resolve("20260201T021500Z").resolve("data").resolve("etc"));
        Files.writeString(root.resolve(h.name()).resolve("20260201T021500Z").resolve("data/etc/hosts"), "x\n");
        mvc.perform(post("/hosts/" + h.name() + "/discover").with(staff()).with(csrf()))
                .andExpect(redirectedUrl("/hosts/" + h.name() + "/"))
                .andExpect(flash().attribute("flashOk", containsString("1 new")));
        assertThat(fixture.app().snapshots().find(h.id(), "20260201T021500Z")).isPresent();
        mvc.perform(get("/hosts/" + h.name() + "/").with(staff()))
                .andExpect(content().string(containsString("20260201T021500Z")));
    }
}
