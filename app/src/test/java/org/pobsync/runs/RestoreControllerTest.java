package org.pobsync.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.pobsync.testsupport.PanelRequests.nonStaff;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.Html;
import org.pobsync.testsupport.SnapshotsOnDisk;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** The panel's restore form, its dry run first, the preview's confirmation, and what is refused. */
@WebTest
class RestoreControllerTest {

    static final String SNAPSHOT = "20261101T020000Z";

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    private Host hostWithSnapshot(String prefix) throws Exception {
        return withSnapshot(fixture.readyHost(prefix));
    }

    private Host withSnapshot(Host h) throws Exception {
        Path data = SnapshotsOnDisk.create(fixture, h, SNAPSHOT, SnapshotStatus.COMPLETE);
        Files.createDirectories(data.resolve("etc"));
        return h;
    }

    private String restoreUrl(Host h) {
        return "/snapshots/" + h.name() + "/" + SNAPSHOT + "/restore";
    }

    @Test
    void theFormListsThePathsAndEveryTargetKind() throws Exception {
        Host h = hostWithSnapshot("rform");
        mvc.perform(get(restoreUrl(h)).param("path", "/etc").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("value=\"/etc\"")))
                .andExpect(content().string(containsString("/var/tmp/pobsync-restore-")))
                .andExpect(content().string(containsString("the original place")))
                .andExpect(content().string(containsString("Preview (dry run)")));
    }

    @Test
    void aRestoreToAHostWhoseKeyIsNotPinnedShowsThePinningAndQueuesNothing() throws Exception {
        fixture.readyHost("rkeyholder");
        Host h = withSnapshot(fixture.newHost("runpinned"));
        String form = mvc.perform(get(restoreUrl(h)).param("path", "/etc").with(staff())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(Html.text(Html.element(form, "p", "blocked-host_key_not_pinned")))
                .contains("Pin the host key first", "a restore of " + h.name() + " would fail now");
        mvc.perform(post(restoreUrl(h)).param("selected", "/etc").param("target_kind", "new")
                        .with(staff()).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"/ssh/hosts/" + h.name() + "/\"")));
        assertThat(fixture.app().runs().count(h.name(), null)).isZero();
    }

    @Test
    void submittingQueuesADryRunFirstAndItsPageSaysWhatAndWhere() throws Exception {
        Host h = hostWithSnapshot("rqueue");
        String location = mvc.perform(post(restoreUrl(h)).param("selected", "/etc").param("target_kind", "new")
                        .with(staff()).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashOk", containsString("nothing is written until you confirm")))
                .andReturn().getResponse().getRedirectedUrl();
        BackupRun run = fixture.app().runs().list(h.name(), null, 1, 0).get(0);
        assertThat(location).isEqualTo("/runs/" + run.id() + "/");
        assertThat(run.isRestore()).isTrue();
        assertThat(run.dryRun()).isTrue();
        assertThat(run.restore().targetDir()).isEqualTo("/var/tmp/pobsync-restore-" + run.id() + "/");
        assertThat(run.restore().requestedBy()).isEqualTo(WebFixture.STAFF);
        mvc.perform(get(location).with(staff()))
                .andExpect(content().string(containsString("Restore dry run #" + run.id())))
                .andExpect(content().string(containsString(h.name() + ":/var/tmp/pobsync-restore-" + run.id() + "/")));
        mvc.perform(get("/runs/").param("host", h.name()).with(staff()))
                .andExpect(content().string(containsString(">restore</span>")));
    }

    @Test
    void badTargetsAndPathsAreShownNextToTheirFieldsAndQueueNothing() throws Exception {
        Host h = hostWithSnapshot("rbad");
        mvc.perform(post(restoreUrl(h)).param("selected", "/etc").param("target_kind", "directory")
                        .param("target_dir", "/srv/../etc").with(staff()).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("is not normalized")));
        mvc.perform(post(restoreUrl(h)).param("selected", "/etc/../../x").param("target_kind", "new")
                        .with(staff()).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("is not allowed in a path")));
        mvc.perform(post(restoreUrl(h)).param("selected", "/etc").param("target_kind", "directory")
                        .param("target_dir", "").with(staff()).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("enter the directory to restore into")));
        assertThat(fixture.app().runs().count(h.name(), null)).isZero();
    }

    @Test
    void anInPlaceRestoreNeedsTheTypedHostNameAtConfirmation() throws Exception {
        Host h = hostWithSnapshot("rplace");
        mvc.perform(post(restoreUrl(h)).param("selected", "/etc").param("target_kind", "original")
                .with(staff()).with(csrf())).andExpect(status().is3xxRedirection());
        BackupRun dry = fixture.app().runs().list(h.name(), null, 1, 0).get(0);
        fixture.app().runs().finish(dry, RunStatus.SUCCEEDED, 0, null, null, null, null);
        mvc.perform(get("/runs/" + dry.id() + "/").with(staff()))
                .andExpect(content().string(containsString("Would create 0, change 0 and delete 0")))
                .andExpect(content().string(containsString("Type " + h.name() + " to overwrite its files")));

        mvc.perform(post("/runs/" + dry.id() + "/restore").param("confirm_host", "wrong").with(staff()).with(csrf()))
                .andExpect(redirectedUrl("/runs/" + dry.id() + "/"))
                .andExpect(flash().attribute("flashError", containsString("type the host name to confirm")));
        assertThat(fixture.app().runs().count(h.name(), null)).isEqualTo(1);

        mvc.perform(post("/runs/" + dry.id() + "/restore").param("confirm_host", h.name()).with(staff()).with(csrf()))
                .andExpect(status().is3xxRedirection());
        BackupRun real = fixture.app().runs().list(h.name(), null, 1, 0).get(0);
        assertThat(real.isRestore()).isTrue();
        assertThat(real.dryRun()).isFalse();
        assertThat(real.restore().inPlace()).isTrue();
    }

    @Test
    void viewersCannotRestore() throws Exception {
        Host h = hostWithSnapshot("rviewer");
        mvc.perform(post(restoreUrl(h)).param("selected", "/etc").with(nonStaff()).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get(restoreUrl(h)).with(nonStaff())).andExpect(status().isForbidden());
        assertThat(fixture.app().runs().count(h.name(), null)).isZero();
        mvc.perform(get(restoreUrl(h))).andExpect(status().is3xxRedirection())
                .andExpect(content().string(not(containsString("Preview"))));
    }
}
