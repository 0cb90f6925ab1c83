package org.pobsync.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.pobsync.audit.AuditEvent;
import org.pobsync.engine.ssh.HostKey;
import org.pobsync.engine.ssh.ServerKeyPair;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.runs.BackupObserver;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;
import org.pobsync.testsupport.Html;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The SSH pages against a real sshd on 127.0.0.1: the operator generates the key, installs it,
 * scans and pins the host key, tests the connection; then the host's key changes and every page
 * says so. In order, because each step builds on the previous one, as it does for an operator.
 */
@WebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshPagesTest {

    static final RequestPostProcessor STAFF = user(WebFixture.STAFF).roles("STAFF");

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    LoopbackSshd sshd;
    Host host;

    @BeforeAll
    void startSshd() throws Exception {
        sshd = LoopbackSshd.start();
        // This class owns the server key of the shared test database: start without one.
        Path keyDir = fixture.app().settings().sshDir();
        Files.deleteIfExists(keyDir.resolve("id_ed25519"));
        Files.deleteIfExists(keyDir.resolve("id_ed25519.pub"));
        String name = "sshpage-" + sshd.port();
        host = fixture.app().hosts().save(name, h -> h.address(sshd.address()).sshPort(sshd.port())
                .sshUser(sshd.user()).sourcePaths(List.of(sshd.directory().toString())), Editor.maintainer("test")).host();
    }

    @AfterAll
    void stopSshd() {
        sshd.close();
    }

    @Test
    @Order(1)
    void pagesNeedAStaffLogin() throws Exception {
        for (String url : List.of("/ssh/", "/ssh/key/generate", "/ssh/hosts/" + host.name() + "/",
                "/ssh/hosts/" + host.name() + "/unpin")) {
            mvc.perform(get(url)).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
            mvc.perform(get(url).with(user(WebFixture.VIEWER).roles())).andExpect(status().isForbidden());
        }
        mvc.perform(post("/ssh/key/generate").param("confirm", "yes").with(csrf())
                .with(user(WebFixture.VIEWER).roles())).andExpect(status().isForbidden());
        // A form post without the CSRF token is refused even for staff.
        mvc.perform(post("/ssh/key/generate").param("confirm", "yes").with(STAFF)).andExpect(status().isForbidden());
        assertThat(fixture.app().credentials().keyStore().exists()).isFalse();
    }

    @Test
    @Order(2)
    void generatingTheFirstKeyIsOneClickAndThePageShowsItOnceWithItsTwoLines() throws Exception {
        assertThat(page("/ssh/")).contains("There is no key pair yet", "Generate key pair")
                .doesNotContain("type=\"checkbox\"");
        mvc.perform(get("/ssh/key/generate").with(STAFF)).andExpect(redirectedUrl("/ssh/"));

        mvc.perform(post("/ssh/key/generate").with(csrf()).with(STAFF))
                .andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/ssh/"));
        ServerKeyPair key = fixture.app().credentials().serverKey().orElseThrow();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.privateKeyFile())))
                .isEqualTo("rw-------");

        String page = page("/ssh/");
        assertThat(Html.element(page, "span", "server-fingerprint")).contains(key.fingerprint());
        assertThat(page).doesNotContain("PRIVATE KEY");
        String base64 = key.publicKeyLine().split(" ")[1];
        assertThat(page.split(java.util.regex.Pattern.quote(base64), -1))
                .as("the public key appears once as itself and once inside the read-only line").hasSize(3);
        assertThat(Html.element(page, "pre", "public-key")).contains(key.publicKeyLine());
        assertThat(page).contains("data-copy=\"public-key\"", "data-copy=\"read-only-line\"");
        String readOnly = Html.text(Html.element(page, "p", "read-only-caveat"));
        assertThat(Html.text(Html.element(page, "pre", "read-only-line"))).contains("command=\"rrsync -ro /\",no-pty,"
                + "no-agent-forwarding,no-port-forwarding,no-X11-forwarding " + key.publicKeyLine());
        // Honest about the restriction: pobsync's --protect-args is refused by rrsync, and says what to set.
        assertThat(readOnly).contains("--protect-args", "option -s has been disabled", "--no-protect-args");
        // Replacing the key is destructive: apart from the rest, and on its own page.
        assertThat(Html.element(page, "section", "ssh-danger")).contains("href=\"/ssh/key/replace\"");
        assertThat(Html.element(page, "section", "server-key")).doesNotContain("/ssh/key/replace");
        assertThat(lastAudit("ssh.key.generate").detail()).isEqualTo(key.fingerprint());
    }

    @Test
    @Order(3)
    void replacingTheKeyNeedsASecondTypedConfirmation() throws Exception {
        String before = fixture.app().credentials().serverKey().orElseThrow().fingerprint();
        mvc.perform(get("/ssh/key/generate").with(STAFF)).andExpect(redirectedUrl("/ssh/key/replace"));
        mvc.perform(post("/ssh/key/generate").with(csrf()).with(STAFF))
                .andExpect(status().isConflict());

        String refused = mvc.perform(post("/ssh/key/replace").param("confirm", "yes").param("typed", "replace")
                        .with(csrf()).with(STAFF))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(refused).contains("Type REPLACE to confirm.").doesNotContain("Tick the box to confirm.");
        assertThat(fixture.app().credentials().serverKey().orElseThrow().fingerprint()).isEqualTo(before);

        mvc.perform(post("/ssh/key/replace").param("confirm", "yes").param("typed", "REPLACE")
                .with(csrf()).with(STAFF)).andExpect(redirectedUrl("/ssh/"));
        String after = fixture.app().credentials().serverKey().orElseThrow().fingerprint();
        assertThat(after).isNotEqualTo(before);
        assertThat(lastAudit("ssh.key.replace").detail()).isEqualTo(after);
    }

    @Test
    @Order(4)
    void scanShowsTheHostsFingerprintAndPinsOnlyOnConfirmation() throws Exception {
        sshd.authorizeOnly(List.of(fixture.app().credentials().keyStore().publicKeyFile()));
        String hostFingerprint = HostKey.parse(sshd.knownHostsLine().split(" ", 2)[1]).fingerprint();
        assertThat(Html.element(page("/ssh/"), "tr", "hostkey-" + host.name())).contains("not pinned");

        String scan = scan();
        String result = Html.element(scan, "section", "scan-result");
        assertThat(result).contains(hostFingerprint, "ssh-ed25519", ">new<");
        String keyValue = scannedKeyValue(result);

        mvc.perform(post("/ssh/hosts/{n}/pin", host.name()).param("key", keyValue).with(csrf()).with(STAFF))
                .andExpect(redirectedUrl("/ssh/hosts/" + host.name() + "/"));
        assertThat(fixture.app().credentials().pinned(host)).isEmpty();

        mvc.perform(post("/ssh/hosts/{n}/pin", host.name()).param("key", keyValue).param("confirm", "yes")
                .with(csrf()).with(STAFF)).andExpect(redirectedUrl("/ssh/hosts/" + host.name() + "/"));
        assertThat(fixture.app().credentials().pinned(host)).extracting(PinnedHostKey::fingerprint)
                .containsExactly(hostFingerprint);
        assertThat(Files.readString(fixture.app().settings().knownHostsFile(host.name()))).contains(sshd.knownHostsLine());
        assertThat(Html.element(page("/ssh/"), "tr", "hostkey-" + host.name())).contains(hostFingerprint);
        assertThat(Html.element(scan(), "section", "scan-result")).contains("already pinned");
        assertThat(lastAudit("ssh.hostkey.scan").target()).isEqualTo(host.name());
        assertThat(lastAudit("ssh.hostkey.pin").detail()).contains(hostFingerprint);
    }

    @Test
    @Order(5)
    void testConnectionSucceedsWithThePinnedKey() throws Exception {
        String result = testConnection();
        assertThat(result).contains("connected", "rsync").doesNotContain("s-failed");
        assertThat(lastAudit("ssh.test").detail()).startsWith("connected");
    }

    @Test
    @Order(6)
    void aChangedHostKeyIsNamedOnTheTestTheScanAndTheHostPage() throws Exception {
        sshd.rotateHostKey();

        String result = Html.text(testConnection());
        assertThat(result).contains("failed", "HOST_KEY_CHANGED", "host key changed since it was pinned",
                "re-pin only if the change is expected");

        String scan = Html.element(scan(), "section", "scan-result");
        assertThat(scan).contains("differs from pinned key", "key-changed-warning");

        // A real backup now fails with "host key changed", and the host's page says what to do.
        BackupRun run = fixture.app().runs().startForeground(host.name(), RunTrigger.CLI, false, false, "test");
        BackupRun failed = fixture.app().backups().execute(run, BackupObserver.NONE);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.errorSummary()).contains("host key changed");
        String advice = Html.text(Html.element(page("/hosts/" + host.name() + "/"), "div", "host-key-changed"));
        assertThat(advice).contains("SSH key changed since it was pinned", "scan and re-pin it on the SSH page");
        assertThat(Html.element(page("/hosts/" + host.name() + "/"), "div", "host-key-changed"))
                .contains("href=\"/ssh/hosts/" + host.name() + "/\"");

        // The operator verified the new key: re-pin, and the connection works again.
        mvc.perform(post("/ssh/hosts/{n}/pin", host.name()).param("key", scannedKeyValue(scan))
                .param("confirm", "yes").with(csrf()).with(STAFF)).andExpect(status().is3xxRedirection());
        assertThat(Html.text(testConnection())).contains("connected");
    }

    @Test
    @Order(7)
    void removingThePinsIsASeparateConfirmedStepAndIsAudited() throws Exception {
        String hostPage = page("/ssh/hosts/" + host.name() + "/");
        assertThat(Html.element(hostPage, "section", "pinned-keys")).doesNotContain("unpin");
        assertThat(Html.element(hostPage, "section", "unpin-zone"))
                .contains("href=\"/ssh/hosts/" + host.name() + "/unpin\"");

        String confirm = page("/ssh/hosts/" + host.name() + "/unpin");
        assertThat(Html.text(confirm)).contains("refuse to run until a key is pinned again");
        assertThat(fixture.app().credentials().pinned(host)).as("the confirmation page changes nothing").isNotEmpty();
        mvc.perform(post("/ssh/hosts/{n}/unpin", host.name()).with(STAFF)).andExpect(status().isForbidden());
        assertThat(fixture.app().credentials().pinned(host)).as("no CSRF token, no removal").isNotEmpty();

        mvc.perform(post("/ssh/hosts/{n}/unpin", host.name()).with(csrf()).with(STAFF))
                .andExpect(status().is3xxRedirection());
        assertThat(fixture.app().credentials().pinned(host)).isEmpty();
        assertThat(lastAudit("ssh.hostkey.remove").target()).isEqualTo(host.name());
        assertThat(Html.element(page("/ssh/hosts/" + host.name() + "/"), "section", "pinned-keys"))
                .contains("not pinned");
    }

    @Test
    @Order(8)
    void badInputIsAnErrorPageNotAStackTrace() throws Exception {
        MockHttpServletResponse r = mvc.perform(post("/ssh/hosts/{n}/pin", host.name()).param("key", "ssh-ed25519 !!!")
                .param("confirm", "yes").with(csrf()).with(STAFF)).andReturn().getResponse();
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.getContentAsString()).contains("not a host key").doesNotContain("Exception");
        mvc.perform(get("/ssh/hosts/no-such-host/").with(STAFF)).andExpect(status().isNotFound());
    }

    private String page(String url) throws Exception {
        return mvc.perform(get(url).with(STAFF)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }

    private String scan() throws Exception {
        return mvc.perform(post("/ssh/hosts/{n}/scan", host.name()).with(csrf()).with(STAFF))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    /** Posts Test connection and follows the redirect to the page that shows the outcome. */
    private String testConnection() throws Exception {
        var result = mvc.perform(post("/ssh/hosts/{n}/test", host.name()).with(csrf()).with(STAFF))
                .andExpect(redirectedUrl("/ssh/hosts/" + host.name() + "/")).andReturn();
        String page = mvc.perform(get("/ssh/hosts/{n}/", host.name()).with(STAFF)
                        .flashAttrs(result.getFlashMap()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        return Html.element(page, "section", "test-result");
    }

    private static String scannedKeyValue(String scanResult) {
        var m = java.util.regex.Pattern.compile("name=\"key\" value=\"([^\"]+)\"").matcher(scanResult);
        assertThat(m.find()).as("a key checkbox in\n" + scanResult).isTrue();
        return m.group(1);
    }

    private AuditEvent lastAudit(String action) {
        return fixture.app().audit().recent(null, action, 1, 0).get(0);
    }
}
