package org.pobsync.browse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.SnapshotsOnDisk;
import org.pobsync.testsupport.TrickyTree;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@WebTest
class BrowseControllerTest {

    static final String SNAP = "20261120T021500Z";

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    Host host;
    String base;

    @BeforeEach
    void snapshot() {
        host = fixture.newHost("browse");
        Path data = SnapshotsOnDisk.create(fixture, host, SNAP, SnapshotStatus.COMPLETE);
        TrickyTree.create(data);
        base = "/snapshots/" + host.name() + "/" + SNAP;
    }

    @Test
    void theRootListsDirectoriesFirstWithTypeModeOwnerAndLinks() throws Exception {
        String html = mvc.perform(get(base + "/browse/").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("-rwsr-xr-x")))
                .andExpect(content().string(containsString("-rwxr-s---")))
                .andExpect(content().string(containsString(">caf\\xe9<")))
                .andExpect(content().string(containsString(">new\\nline<")))
                .andExpect(content().string(containsString(">-leading-dash<")))
                .andExpect(content().string(containsString(">fifo<")))
                .andReturn().getResponse().getContentAsString();
        assertThat(html.indexOf(">with space/<")).as("directories first").isLessThan(html.indexOf(">-leading-dash<"));
        assertThat(html.indexOf(">deep/<")).isLessThan(html.indexOf(">with space/<"));
    }

    @Test
    void symlinksAreShownWithTheirTargetAndNeverFollowed() throws Exception {
        mvc.perform(get(base + "/browse/etc").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("→ <span>/etc/shadow</span>")))
                .andExpect(content().string(containsString("→ <span>../../..</span>")));
        mvc.perform(get(base + "/browse/etc/up").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("a symlink: shown, never followed on the server")));
        mvc.perform(get(base + "/browse/etc/up/etc/passwd").with(staff()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("symbolic link")));
        mvc.perform(get(base + "/download/etc/evil").with(staff()))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(not(containsString("root:"))));
    }

    @Test
    void threeLevelsDownWithBreadcrumbsBackUp() throws Exception {
        mvc.perform(get(base + "/browse/deep/segment-of-thirty-characters-/segment-of-thirty-characters-").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"" + base + "/browse/deep\"")))
                .andExpect(content().string(containsString("href=\"" + base + "/browse/\"")));
    }

    @Test
    void aFilePathShowsTheFileWithDownloadAndVersions() throws Exception {
        mvc.perform(get(base + "/browse/etc/hosts").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"" + base + "/download/etc/hosts\"")))
                .andExpect(content().string(containsString("href=\"" + base + "/versions/etc/hosts\"")))
                .andExpect(content().string(containsString("<dd>3</dd>")));
    }

    @Test
    void aSearchFindsNamesBelowTheDirectoryInAnyCase() throws Exception {
        mvc.perform(get(base + "/browse/").param("q", "HOSTS").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("3 found")))
                .andExpect(content().string(containsString(">/etc/hosts.hard<")))
                .andExpect(content().string(containsString(">/with space/hosts.third<")));
        mvc.perform(get(base + "/browse/etc").param("q", "third").with(staff()))
                .andExpect(content().string(containsString("Nothing below this directory has such a name")));
        mvc.perform(get(base + "/browse/").param("q", "caf\\xe9").with(staff()))
                .andExpect(content().string(containsString(">/caf\\xe9<")));
    }

    @Test
    void namesAUrlPathCannotCarryAreLinkedWithAPathParameter() throws Exception {
        String html = mvc.perform(get(base + "/browse/").with(staff())).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("href=\"" + base + "/browse/?path=%2Fcaf%5Cxe9\"");
        mvc.perform(get(base + "/browse/").param("path", "/caf\\xe9").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<span>caf\\xe9</span>")));
    }
}
