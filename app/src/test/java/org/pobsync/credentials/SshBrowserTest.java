package org.pobsync.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.engine.ssh.HostKey;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.Browser;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.web.PobsyncWeb;

/**
 * An operator in a real browser on a real server: generates pobsync's key, installs it on the
 * host (the loopback sshd), scans and pins the host key, and tests the connection.
 */
class SshBrowserTest {

    static final String USER = "operator";
    static final String PASSWORD = "browser test password";

    @TempDir
    Path dir;

    @Test
    void generateKeyPinHostKeyAndTestConnection() throws Exception {
        Map<String, String> env = new HashMap<>(TestDatabase.SQLITE.env(dir.resolve("var")));
        env.put("POBSYNC_BIND", "127.0.0.1:0");
        try (LoopbackSshd sshd = LoopbackSshd.start();
             AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 4);
             PobsyncWeb.Handle web = PobsyncWeb.start(app, new PrintStream(new ByteArrayOutputStream()));
             Browser browser = Browser.start()) {
            app.users().create(USER, null, PASSWORD, true, false, "test");
            app.hosts().save("web1", h -> h.address(sshd.address()).sshPort(sshd.port()).sshUser(sshd.user())
                    .sourcePaths(List.of("/etc")), Editor.maintainer("test"));
            String hostFingerprint = HostKey.parse(sshd.knownHostsLine().split(" ", 2)[1]).fingerprint();

            browser.logIn(web.url(), USER, PASSWORD);
            browser.open(web.url() + "ssh/");
            assertThat(browser.text("#server-key")).contains("There is no key pair yet");

            browser.clickAndWait("#generate");
            assertThat(browser.text(".flash.ok")).contains("Key pair generated");
            String publicKey = browser.text("#public-key");
            assertThat(publicKey).startsWith("ssh-ed25519 ");
            browser.allowClipboard();
            browser.find("button[data-copy='public-key']").click();
            browser.await(java.time.Duration.ofSeconds(5)).until(d -> browser.clipboard().equals(publicKey));
            assertThat(browser.text("button[data-copy='public-key']")).isEqualTo("Copied");
            browser.find("button[data-copy='read-only-line']").click();
            browser.await(java.time.Duration.ofSeconds(5)).until(d -> browser.clipboard().startsWith("command="));
            assertThat(browser.clipboard()).endsWith(publicKey);
            sshd.authorizeOnly(List.of(app.credentials().keyStore().publicKeyFile()));

            browser.clickAndWait("#hostkey-web1 a[href='/ssh/hosts/web1/']");
            assertThat(browser.text("#pinned-keys")).contains("not pinned");
            browser.clickAndWait("#scan");
            assertThat(browser.text("#scan-result")).contains(hostFingerprint, "new");
            browser.find("#confirm-pin").click();
            browser.clickAndWait("#pin");
            assertThat(browser.text(".flash.ok")).contains("Pinned ssh-ed25519 " + hostFingerprint);
            assertThat(browser.text("#pinned-keys")).contains(hostFingerprint);

            browser.clickAndWait("#test-connection");
            assertThat(browser.text("#test-result")).contains("connected", "rsync");
            assertThat(app.audit().recent(USER, "ssh.test", 1, 0)).hasSize(1);
            browser.screenshot("ssh-host");

            // Removing the pins is apart from the harmless buttons and asks on a page of its own.
            browser.clickAndWait("#unpin-zone #unpin");
            assertThat(browser.text("#unpin-confirm")).contains(hostFingerprint, "refuse to run");
            assertThat(app.credentials().pinned(app.hosts().get("web1"))).isNotEmpty();
            browser.clickAndWait("#confirm-unpin");
            assertThat(browser.text(".flash.ok")).contains("Removed the pinned keys of web1");
            assertThat(app.credentials().pinned(app.hosts().get("web1"))).isEmpty();
        }
    }
}
