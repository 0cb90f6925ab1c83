package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.Browser;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.TestTree;

/**
 * Issue 13, "the first hour": the README's quick start as a newcomer lives it, in a real browser
 * against a real {@code pobsync serve} process started in an empty checkout directory with
 * nothing set but a free port (the README's 8010 may be taken on a shared machine). Log in with
 * the printed password, create pobsync's key and copy it into the host's authorized_keys, add the
 * host (a loopback sshd), pin its key from the host page's "Pin the host key first", press
 * "Back up now" and see the run succeed, then change the default retention on Settings from the
 * retention plan's "change" link. Self Check and the backup agree about the backup root.
 * Screenshots of the pages on the way go to target/screenshots/journey-*.png.
 */
class QuickStartJourneyTest {

    static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void fromAnEmptyCheckoutToAFirstGoodBackupInTheBrowser() throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("checkout"));
        Path files = dir.resolve("web1-files");
        TestTree.tree().file("etc/hostname", "web1\n").file("etc/motd", "welcome\n").create(files);
        int port = LoopbackSshd.freePort();
        String url = "http://127.0.0.1:" + port + "/";
        try (LoopbackSshd sshd = LoopbackSshd.start();
             PobsyncProcess serve = PobsyncProcess.startIn(checkout, Map.of("POBSYNC_BIND", "127.0.0.1:" + port),
                     dir.resolve("serve.log"), "serve");
             Browser browser = Browser.start()) {
            serve.awaitLog("serving http://127\\.0\\.0\\.1:" + port, START);
            Matcher printed = Pattern.compile("password:\\s+(\\S+)").matcher(serve.log());
            assertThat(printed.find()).as("the first start prints the admin password:\n" + serve.log()).isTrue();
            assertThat(checkout.resolve("backups")).as("the checkout's default backup root").isDirectory();

            browser.logIn(url, "admin", printed.group(1));
            assertThat(browser.driver().getCurrentUrl()).isEqualTo(url);
            assertBackupRootIsFine(browser, url, checkout);

            // pobsync's key, copied from the SSH page into the host's authorized_keys.
            browser.open(url + "ssh/");
            browser.clickAndWait("#generate");
            assertThat(browser.text(".flash.ok")).contains("Key pair generated");
            browser.allowClipboard();
            browser.find("button[data-copy='public-key']").click();
            browser.await(Duration.ofSeconds(5)).until(d -> browser.clipboard().startsWith("ssh-ed25519 "));
            Path authorized = Files.writeString(dir.resolve("authorized_keys"), browser.clipboard() + "\n");
            sshd.authorizeOnly(List.of(authorized));

            // The host, added in the panel: until its key is pinned, the page offers the pinning.
            browser.open(url + "hosts/new");
            type(browser, "name", "web1");
            type(browser, "address", sshd.address());
            type(browser, "user", sshd.user());
            type(browser, "port", String.valueOf(sshd.port()));
            type(browser, "paths", files.resolve("etc").toString());
            browser.clickAndWait("main form button[type=submit]");
            assertThat(browser.driver().getCurrentUrl()).isEqualTo(url + "hosts/web1/");
            assertThat(browser.driver().findElements(org.openqa.selenium.By.xpath(
                    "//button[normalize-space()='Back up now']"))).as("no backup that would fail").isEmpty();
            browser.screenshot("journey-host-unpinned");
            browser.clickAndWait("#blocked-host_key_not_pinned a.btn");
            assertThat(browser.driver().getCurrentUrl()).isEqualTo(url + "ssh/hosts/web1/");
            browser.clickAndWait("#scan");
            assertThat(browser.text("#scan-result")).contains(sshd.hostKeyFingerprint());
            browser.find("#confirm-pin").click();
            browser.clickAndWait("#pin");
            assertThat(browser.text(".flash.ok")).contains("Pinned");
            browser.open(url + "ssh/");
            browser.screenshotFullPage("journey-ssh");

            // Back up now, followed on the run page until it succeeded.
            browser.open(url + "hosts/web1/");
            browser.clickAndWait("form[action='/hosts/web1/backup'] button");
            assertThat(browser.driver().getCurrentUrl()).matches(Pattern.quote(url) + "runs/\\d+/");
            browser.await(Duration.ofSeconds(90)).until(d -> !List.of("queued", "running").contains(liveStatus(browser)));
            assertThat(liveStatus(browser)).as(() -> browser.text("main")).isEqualTo("succeeded");
            browser.screenshotFullPage("journey-run");
            assertThat(checkout.resolve("backups/web1")).isDirectory();

            browser.open(url + "hosts/web1/");
            assertThat(browser.text("#host-state")).doesNotContain("failing", "late");
            browser.screenshotFullPage("journey-host");
            browser.clickAndWait("a.mono[href^='/snapshots/']");
            assertThat(browser.text("main")).contains("complete");
            browser.screenshotFullPage("journey-snapshot");

            // The retention plan's "change" leads to where the policy in force is set: Settings.
            browser.open(url + "hosts/web1/retention");
            browser.clickAndWait("#change-policy");
            assertThat(browser.driver().getCurrentUrl()).isEqualTo(url + "settings/");
            type(browser, "keepDaily", "-3");
            browser.clickAndWait("#save-settings");
            assertThat(browser.text("#settings-retention")).contains("keep-daily must be between 0 and 100000, got -3");
            type(browser, "keepDaily", "14");
            browser.clickAndWait("#save-settings");
            assertThat(browser.text(".flash.ok")).isEqualTo("Settings saved.");
            browser.screenshotFullPage("journey-settings");
            browser.open(url + "hosts/web1/retention");
            assertThat(browser.text("main")).contains("keep-daily 14");

            browser.open(url);
            assertThat(browser.text("main")).contains("web1").doesNotContain("Recent failures");
            browser.screenshotFullPage("journey-dashboard");
            assertBackupRootIsFine(browser, url, checkout);

            serve.term();
            assertThat(List.of(0, 143)).contains(serve.waitFor(Duration.ofSeconds(60)));
        }
    }

    /** Self Check says what the backup does: the root is there and usable, no "does not exist (yet)". */
    private static void assertBackupRootIsFine(Browser browser, String url, Path checkout) {
        browser.open(url + "self-check/");
        String row = browser.text("#check-backup-root");
        assertThat(row).as("Self Check of %s", checkout.resolve("backups")).startsWith("OK backup root")
                .doesNotContain("does not exist");
    }

    private static String liveStatus(Browser browser) {
        return (String) browser.script("var e = document.getElementById('run-live'); return e && e.dataset.status;");
    }

    private static void type(Browser browser, String id, String value) {
        var field = browser.find("#" + id);
        field.clear();
        field.sendKeys(value);
    }
}
