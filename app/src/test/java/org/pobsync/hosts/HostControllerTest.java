package org.pobsync.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.pobsync.testsupport.PanelRequests.superuser;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pobsync.audit.AuditEvent;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

@WebTest
class HostControllerTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    @Test
    void missingPathsAreWarningsIsSetOnTheFormAndShownOnTheHostPage() throws Exception {
        mvc.perform(post("/hosts/new").with(staff()).with(csrf())
                        .param("name", "lenient-1").param("transport", "ssh").param("address", "lenient.example.net")
                        .param("paths", "/etc").param("enabled", "true").param("missingPathsAreWarnings", "true"))
                .andExpect(redirectedUrl("/hosts/lenient-1/"));
        assertThat(fixture.app().hosts().get("lenient-1").missingPathsAreWarnings()).isTrue();
        mvc.perform(get("/hosts/lenient-1/").with(staff()))
                .andExpect(content().string(containsString("is a warning (partial snapshot)")));
        mvc.perform(get("/hosts/lenient-1/edit").with(staff()))
                .andExpect(content().string(containsString("name=\"missingPathsAreWarnings\"")));
    }

    @Test
    void initCreationForm() throws Exception {
        mvc.perform(get("/hosts/new").with(staff()))
                .andExpect(status().isOk())
                .andExpect(view().name("hosts/form"))
                .andExpect(model().attributeExists("host"))
                .andExpect(content().string(containsString("Add a host")))
                .andExpect(content().string(containsString("name=\"_csrf\"")));
    }

    @Test
    void processCreationFormSuccess() throws Exception {
        mvc.perform(post("/hosts/new").with(staff()).with(csrf())
                        .param("name", "created-1").param("transport", "ssh").param("address", "db1.example.net")
                        .param("user", "backup").param("port", "2222").param("paths", "/etc\r\n/var/lib/mysql/\r\n\r\n")
                        .param("excludes", "*.tmp").param("rsyncOptions", "--compress").param("bwlimit", "")
                        .param("enabled", "true").param("_enabled", "on").param("_useSudo", "on"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/hosts/created-1/"))
                .andExpect(flash().attribute("flashOk", containsString("created-1 added")));
        Host h = fixture.app().hosts().get("created-1");
        assertThat(h.address()).isEqualTo("db1.example.net");
        assertThat(h.sshUser()).isEqualTo("backup");
        assertThat(h.sshPort()).isEqualTo(2222);
        assertThat(h.sourcePaths()).containsExactly("/etc", "/var/lib/mysql");
        assertThat(h.excludes()).containsExactly("*.tmp");
        assertThat(h.rsyncOptions()).containsExactly("--compress");
        assertThat(h.bwlimitKbps()).isNull();
        assertThat(h.enabled()).isTrue();
        assertThat(h.useSudo()).isFalse();
        assertThat(h.missingPathsAreWarnings()).as("the default: a missing path fails the run").isFalse();
        List<AuditEvent> audit = fixture.app().audit().recent(WebFixture.STAFF, "host.create", 10, 0);
        assertThat(audit).anyMatch(e -> "created-1".equals(e.target()));
    }

    @Test
    void processCreationFormHasErrors() throws Exception {
        mvc.perform(post("/hosts/new").with(staff()).with(csrf())
                        .param("name", "Bad Name").param("transport", "ssh").param("address", "")
                        .param("port", "twenty-two").param("paths", "relative/path")
                        .param("rsyncOptions", "--rsh=/bin/evil").param("retentionOverride", "true")
                        .param("keepDaily", "-1"))
                .andExpect(status().isOk())
                .andExpect(view().name("hosts/form"))
                .andExpect(model().attributeHasFieldErrors("host", "name", "address", "port", "paths", "rsyncOptions",
                        "keepDaily"))
                .andExpect(content().string(containsString("Nothing was saved")))
                .andExpect(content().string(containsString("must be a whole number")))
                .andExpect(content().string(containsString("must be an absolute path")));
        assertThat(fixture.app().hosts().exists("Bad Name")).isFalse();
    }

    @Test
    void processCreationFormRefusesAnExistingName() throws Exception {
        Host existing = fixture.newHost("taken");
        mvc.perform(post("/hosts/new").with(staff()).with(csrf())
                        .param("name", existing.name()).param("transport", "ssh").param("address", "other.example.net")
                        .param("paths", "/srv"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrorCode("host", "name", "duplicate"));
        assertThat(fixture.app().hosts().get(existing.name()).address()).isEqualTo(existing.address());
    }

    @Test
    void initUpdateFormShowsTheHostWithItsNameFixed() throws Exception {
        Host h = fixture.newHost("edit");
        mvc.perform(get("/hosts/" + h.name() + "/edit").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Edit " + h.name())))
                .andExpect(content().string(containsString(h.address())))
                .andExpect(content().string(containsString("cannot be changed")))
                .andExpect(content().string(not(containsString("id=\"name\""))));
    }

    @Test
    void processUpdateFormKeepsTheNameAndReplacesLists() throws Exception {
        Host h = fixture.newHost("update");
        mvc.perform(post("/hosts/" + h.name() + "/edit").with(staff()).with(csrf())
                        .param("name", "renamed").param("transport", "ssh").param("address", "new.example.net")
                        .param("paths", "/srv").param("bwlimit", "500").param("notes", "  owner: ops  ")
                        .param("retentionOverride", "true").param("keepLast", "3").param("_enabled", "on"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/hosts/" + h.name() + "/"));
        Host after = fixture.app().hosts().get(h.name());
        assertThat(fixture.app().hosts().exists("renamed")).isFalse();
        assertThat(after.address()).isEqualTo("new.example.net");
        assertThat(after.sourcePaths()).containsExactly("/srv");
        assertThat(after.bwlimitKbps()).isEqualTo(500);
        assertThat(after.notes()).isEqualTo("owner: ops");
        assertThat(after.enabled()).as("an unticked box is false").isFalse();
        assertThat(after.retentionOverride().keepLast()).isEqualTo(3);
        assertThat(after.retentionOverride().keepDaily()).isNull();
    }

    @Test
    void processUpdateFormHasErrorsAndSavesNothing() throws Exception {
        Host h = fixture.newHost("update-bad");
        mvc.perform(post("/hosts/" + h.name() + "/edit").with(staff()).with(csrf())
                        .param("transport", "ssh").param("address", "ok.example.net").param("paths", "")
                        .param("retentionOverride", "true"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrors("host", "paths", "retentionOverride"))
                .andExpect(content().string(containsString("at least one absolute path is required")))
                .andExpect(content().string(containsString("an override needs at least one rule")));
        assertThat(fixture.app().hosts().get(h.name())).isEqualTo(h);
    }

    @Test
    void boundsOnPathsAndExcludesAreShownNextToTheirFields() throws Exception {
        String name = "bounded-" + System.nanoTime();
        String manyPaths = String.join("\n", java.util.stream.IntStream.range(0, 1001).mapToObj(i -> "/srv/p" + i).toList());
        mvc.perform(post("/hosts/new").with(staff()).with(csrf())
                        .param("name", name).param("transport", "ssh").param("address", "db1.example.net")
                        .param("paths", manyPaths).param("excludes", "x".repeat(4096)))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrors("host", "paths", "excludes"))
                .andExpect(content().string(containsString("1001 paths are more than the 1000 a host may have")))
                .andExpect(content().string(containsString("is 4096 bytes long; rsync takes at most 4095")));
        assertThat(fixture.app().hosts().exists(name)).isFalse();
        mvc.perform(post("/hosts/new").with(staff()).with(csrf())
                        .param("name", name).param("transport", "ssh").param("address", "db1.example.net")
                        .param("paths", "/" + "x".repeat(100_000)))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrors("host", "paths"))
                .andExpect(content().string(containsString("is 100001 bytes long")));
        assertThat(fixture.app().hosts().exists(name)).isFalse();
    }

    @Test
    void staffWhoAreNotSuperusersMayNotCreateALocalHost() throws Exception {
        String name = "local-" + System.nanoTime();
        mvc.perform(post("/hosts/new").with(staff()).with(csrf())
                        .param("name", name).param("transport", "local").param("paths", fixture.dir().resolve("srv").toString()))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrors("host", "transport"))
                .andExpect(content().string(containsString("only a superuser may create or change a host with the local"
                        + " transport")));
        assertThat(fixture.app().hosts().exists(name)).isFalse();

        mvc.perform(post("/hosts/new").with(superuser()).with(csrf())
                        .param("name", name).param("transport", "local").param("paths", fixture.dir().resolve("srv").toString()))
                .andExpect(status().is3xxRedirection());
        assertThat(fixture.app().hosts().get(name).address()).isEqualTo("localhost");

        mvc.perform(post("/hosts/" + name + "/edit").with(staff()).with(csrf())
                        .param("transport", "ssh").param("address", "elsewhere.example").param("paths", "/etc"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrors("host", "transport"));
        assertThat(fixture.app().hosts().get(name).transport()).isEqualTo(org.pobsync.engine.Transport.LOCAL);
    }

    @Test
    void aLocalHostMayNotBackUpPobsyncsDataDirEvenForASuperuser() throws Exception {
        String name = "local-data-" + System.nanoTime();
        java.nio.file.Path dataDir = fixture.app().settings().dataDir();
        mvc.perform(post("/hosts/new").with(superuser()).with(csrf())
                        .param("name", name).param("transport", "local")
                        .param("paths", dataDir.resolve("ssh") + "\n/"))
                .andExpect(status().isOk())
                .andExpect(model().attributeHasFieldErrors("host", "paths"))
                .andExpect(content().string(containsString("is inside pobsync&#39;s data dir " + dataDir)))
                .andExpect(content().string(containsString("&#39;/&#39; contains pobsync&#39;s data dir")));
        assertThat(fixture.app().hosts().exists(name)).isFalse();
    }

    @Test
    void editingAnUnknownHostIsA404Page() throws Exception {
        mvc.perform(get("/hosts/no-such-host/edit").with(staff()))
                .andExpect(status().isNotFound())
                .andExpect(content().string(containsString("There is no host named")))
                .andExpect(content().string(containsString("Back to the dashboard")));
        mvc.perform(post("/hosts/no-such-host/edit").with(staff()).with(csrf()).param("address", "x"))
                .andExpect(status().isNotFound());
        assertThat(fixture.app().hosts().exists("no-such-host")).isFalse();
    }
}
