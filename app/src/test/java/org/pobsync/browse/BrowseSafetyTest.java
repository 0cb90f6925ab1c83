package org.pobsync.browse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.PanelRequests.nonStaff;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.SnapshotsOnDisk;
import org.pobsync.testsupport.TrickyTree;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * SPEC section 13, "no request can read outside the snapshot's data/", tried the way an attacker
 * would on every browse and download route: dot-dot in the URL and in ?path=, encoded, escaped,
 * and symlinks inside the snapshot pointing at a secret next to it and at the server's files.
 */
@WebTest
class BrowseSafetyTest {

    static final String SNAP = "20261120T021500Z";
    static final String SECRET = "OUTSIDE-THE-SNAPSHOT";
    static final List<String> ROUTES = List.of("browse", "download", "versions", "archive");

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    Host host;
    String base;

    @BeforeEach
    void snapshotWithASecretBesideIt() throws Exception {
        host = fixture.newHost("safety");
        Path data = SnapshotsOnDisk.create(fixture, host, SNAP, SnapshotStatus.COMPLETE);
        TrickyTree.create(data);
        Path secret = Files.writeString(data.getParent().getParent().resolve("secret.txt"), SECRET);
        Files.createSymbolicLink(data.resolve("to-secret"), Path.of("../../secret.txt"));
        Files.createSymbolicLink(data.resolve("to-secret-absolute"), secret);
        Files.createSymbolicLink(data.resolve("host-dir"), Path.of("../.."));
        base = "/snapshots/" + host.name() + "/" + SNAP + "/";
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        MockHttpServletResponse r = mvc.perform(request).andReturn().getResponse();
        assertThat(r.getContentAsString()).doesNotContain(SECRET).doesNotContain("root:x:0:0");
        assertThat(new String(r.getContentAsByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain(SECRET);
        return r;
    }

    @Test
    void dotDotInTheUrlIsRefusedBeforeAnythingIsRead() throws Exception {
        for (String route : ROUTES) {
            for (String attempt : List.of("../../secret.txt", "%2e%2e/%2e%2e/secret.txt", "etc/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
                    "etc%2F..%2F..%2Fsecret.txt", "..%5C..%5Csecret.txt", "etc/./../../secret.txt")) {
                int status = perform(get(base + route + "/" + attempt).with(staff())).getStatus();
                assertThat(status).as(route + "/" + attempt).isBetween(400, 404);
            }
        }
    }

    @Test
    void dotDotInThePathParameterIsRefusedHowEverItIsWritten() throws Exception {
        for (String route : ROUTES) {
            for (String attempt : List.of("../../secret.txt", "/etc/../../../secret.txt", "\\x2e\\x2e/secret.txt",
                    "etc/\\x2e\\x2e/\\x2e\\x2e", "etc/..", "/..", "a\\x2fb", "nul\\x00")) {
                MockHttpServletResponse r = perform(get(base + route + "/").param("path", attempt).with(staff()));
                assertThat(r.getStatus()).as(route + " ?path=" + attempt).isEqualTo(400);
            }
        }
        MockHttpServletResponse posted = perform(post(base + "archive/").param("selected", "../../secret.txt")
                .with(staff()).with(csrf()));
        assertThat(posted.getStatus()).isEqualTo(400);
    }

    @Test
    void symlinksAreListedButNeverFollowedOnTheServer() throws Exception {
        for (String link : List.of("to-secret", "to-secret-absolute", "etc/evil")) {
            assertThat(perform(get(base + "download/" + link).with(staff())).getStatus()).as(link).isEqualTo(400);
            assertThat(perform(get(base + "browse/" + link).with(staff())).getStatus()).as(link).isEqualTo(200);
        }
        for (String through : List.of("host-dir/secret.txt", "etc/up/etc/passwd", "host-dir/" + SNAP + "/data")) {
            for (String route : ROUTES) {
                MockHttpServletResponse r = perform(get(base + route + "/" + through).with(staff()));
                if (route.equals("versions")) {
                    // Across snapshots, a symlink where a directory was means "not held here".
                    assertThat(r.getStatus()).as(route + "/" + through).isEqualTo(200);
                    assertThat(r.getContentAsString()).as(route + "/" + through)
                            .contains("No snapshot of this host holds this path.").doesNotContain(SECRET);
                } else {
                    assertThat(r.getStatus()).as(route + "/" + through).isEqualTo(400);
                }
            }
        }
        // An archive stores the symlinks themselves: the secret's bytes are not in it.
        assertThat(perform(get(base + "archive/").param("format", "tar.gz").with(staff())).getStatus()).isEqualTo(200);
        assertThat(perform(get(base + "archive/").param("format", "zip").with(staff())).getStatus()).isEqualTo(200);
    }

    @Test
    void anAbsolutePathMeansThePathOnTheHostNeverOnTheServer() throws Exception {
        MockHttpServletResponse r = perform(get(base + "download/").param("path", "/etc/passwd").with(staff()));
        assertThat(r.getStatus()).isEqualTo(404);
    }

    @Test
    void anonymousAndNonStaffUsersGetNothing() throws Exception {
        for (String route : ROUTES) {
            MockHttpServletResponse anonymous = perform(get(base + route + "/etc/hosts"));
            assertThat(anonymous.getStatus()).as(route).isEqualTo(302);
            assertThat(anonymous.getRedirectedUrl()).endsWith("/login");
            assertThat(perform(get(base + route + "/etc/hosts").with(nonStaff())).getStatus()).as(route).isEqualTo(403);
        }
        assertThat(perform(post(base + "archive/etc").param("selected", "/etc/hosts").with(nonStaff()).with(csrf()))
                .getStatus()).isEqualTo(403);
        assertThat(perform(post(base + "archive/etc").param("selected", "/etc/hosts").with(staff())).getStatus())
                .as("without a CSRF token").isEqualTo(403);
    }

    @Test
    void unknownAndUnusableSnapshotsAreErrorPages() throws Exception {
        fixture.snapshot(host, "20261121T021500Z", SnapshotStatus.INCOMPLETE, null);
        fixture.snapshot(host, "20261122T021500Z", SnapshotStatus.DELETED, null);
        for (String route : ROUTES) {
            assertThat(perform(get("/snapshots/" + host.name() + "/20261121T021500Z/" + route + "/etc").with(staff()))
                    .getStatus()).isEqualTo(409);
            assertThat(perform(get("/snapshots/" + host.name() + "/20261122T021500Z/" + route + "/etc").with(staff()))
                    .getStatus()).isEqualTo(409);
            assertThat(perform(get("/snapshots/" + host.name() + "/20990101T000000Z/" + route + "/etc").with(staff()))
                    .getStatus()).isEqualTo(404);
            assertThat(perform(get("/snapshots/no-such-host/" + SNAP + "/" + route + "/etc").with(staff()))
                    .getStatus()).isEqualTo(404);
        }
        assertThat(perform(get(base + "browse/").param("page", "-1").with(staff())).getStatus()).isEqualTo(400);
        assertThat(perform(get(base + "browse/").param("page", "99999999999").with(staff())).getStatus()).isEqualTo(400);
        assertThat(perform(get(base + "browse/").param("q", "x".repeat(201)).with(staff())).getStatus()).isEqualTo(400);
    }

    @Test
    void browsingAndDownloadingAreAuditedWithUserSnapshotAndPath() throws Exception {
        perform(get(base + "browse/etc/ssh").with(staff()));
        perform(get(base + "download/etc/hosts").with(staff()));
        perform(get(base + "archive/etc").with(staff()));
        perform(get(base + "versions/etc/hosts").with(staff()));
        String target = host.name() + "/" + SNAP;
        var audit = fixture.app().audit();
        assertThat(audit.recent(WebFixture.STAFF, "snapshot.browse", 100, 0))
                .anyMatch(e -> e.target().equals(target) && e.detail().equals("path=/etc/ssh"));
        assertThat(audit.recent(WebFixture.STAFF, "snapshot.download", 100, 0))
                .anyMatch(e -> e.target().equals(target) && e.detail().equals("path=/etc/hosts size=6"));
        assertThat(audit.recent(WebFixture.STAFF, "snapshot.archive", 100, 0))
                .anyMatch(e -> e.target().equals(target) && e.detail().equals("format=tar.gz paths=/etc"));
        assertThat(audit.recent(WebFixture.STAFF, "snapshot.versions", 100, 0))
                .anyMatch(e -> e.target().equals(host.name()) && e.detail().equals("path=/etc/hosts"));
    }
}
