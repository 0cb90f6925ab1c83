package org.pobsync.browse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.pobsync.app.AppContext;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.engine.Transport;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.testsupport.Browser;
import org.pobsync.testsupport.DeepTree;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestTree;
import org.pobsync.web.PobsyncWeb;
import org.pobsync.worker.WorkerLoop;

/**
 * Getting a file back the way an operator does, in a real browser against a real panel: two
 * real backups of a local tree (the second after a change), then from the snapshot's page
 * browse three levels down by clicking, open a file's versions, download it, and restore its
 * directory to a new directory: a dry run's preview first, then the restore, watched to its end live.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowseBrowserTest {

    static final String USER = "browse-admin";
    static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path dir;

    Browser browser;
    AppContext app;
    PobsyncWeb.Handle web;
    Path source;
    Path downloads;

    @BeforeAll
    void twoBackupsAndAPanel() throws Exception {
        browser = Browser.start();
        Map<String, String> env = TestDatabase.SQLITE.env(dir.resolve("var"));
        env.put("POBSYNC_BIND", "127.0.0.1:0");
        app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 8);
        app.globalConfig().update(new GlobalConfigService.Changes(dir.resolve("backups").toString(), null, null, null,
                null, null, null, null), "test");
        app.users().create(USER, null, PASSWORD, true, true, "test");
        source = dir.resolve("src");
        TestTree.tree().dir("etc", 0755).dir("etc/app", 0755).dir("etc/app/conf.d", 0755)
                .file("etc/app/conf.d/site.conf", "listen 80\n").file("etc/hosts", "127.0.0.1 localhost\n")
                .largeFile("etc/app/conf.d/blob.bin", 200_000, 7).create(source);
        app.hosts().save("files1", h -> h.address("localhost").transport(Transport.LOCAL)
                .sourcePaths(List.of(source.resolve("etc").toString())), Editor.maintainer("test"));
        backUp();
        TestTree.rewrite(source.resolve("etc/app/conf.d/site.conf"), "listen 443\n",
                java.time.Instant.parse("2025-01-01T00:00:00Z"));
        backUp();
        web = PobsyncWeb.start(app, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        downloads = Files.createDirectories(dir.resolve("downloads"));
        ((ChromeDriver) browser.driver()).executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        browser.logIn(web.url(), USER, PASSWORD);
    }

    private void backUp() throws Exception {
        long id = app.runs().enqueue("files1", RunTrigger.MANUAL, false, false, "test").id();
        WorkerLoop worker = app.workerLoop(Duration.ofMillis(200), 1);
        worker.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!app.runs().get(id).status().finished() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            worker.stop(Duration.ofSeconds(10));
        }
        assertThat(app.runs().get(id).status()).isEqualTo(RunStatus.SUCCEEDED);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (web != null) {
            web.close();
        }
        if (app != null) {
            app.close();
        }
        DeepTree.removeContents(dir);
    }

    private SnapshotRecord newest() {
        return app.snapshots().latestUsable(app.hosts().get("files1").id()).orElseThrow();
    }

    private void clickLink(String text) {
        WebElement old = browser.driver().findElement(By.tagName("html"));
        browser.driver().findElement(By.linkText(text)).click();
        browser.awaitGone(old);
    }

    private String page() {
        return browser.driver().findElement(By.tagName("body")).getText();
    }

    @Test
    @Order(1)
    void browseThreeLevelsDownFromTheSnapshotPage() {
        browser.open(web.url() + "snapshots/" + newest().id() + "/");
        clickLink("Browse files");
        // data/ mirrors the host: the source's absolute path, one directory per page.
        for (Path part : source) {
            clickLink(part.toString() + "/");
        }
        clickLink("etc/");
        clickLink("app/");
        clickLink("conf.d/");
        assertThat(page()).contains("site.conf", "blob.bin", "-rw-r--r--");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/etc/app/conf.d");
        assertThat(browser.driver().findElements(By.cssSelector(".path-crumbs a"))).extracting(WebElement::getText)
                .contains("/", "etc", "app", "conf.d");
        browser.screenshotFullPage("browse-directory");
    }

    @Test
    @Order(2)
    void aFilesVersionsSayWhereItChanged() {
        browser.driver().findElement(By.xpath("//tr[td/a[text()='site.conf']]//a[text()='versions']")).click();
        browser.await(Duration.ofSeconds(10)).until(d -> page().contains("Versions of"));
        List<WebElement> rows = browser.driver().findElements(By.cssSelector("table.versions tbody tr"));
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getText()).contains("changed");
        assertThat(rows.get(1).getText()).contains("first snapshot that holds it");
        browser.screenshotFullPage("browse-versions");
        browser.driver().navigate().back();
        browser.driver().findElement(By.xpath("//tr[td/a[text()='blob.bin']]//a[text()='versions']")).click();
        browser.await(Duration.ofSeconds(10)).until(d -> page().contains("unchanged since"));
        browser.driver().navigate().back();
    }

    @Test
    @Order(3)
    void downloadAFile() throws Exception {
        browser.await(Duration.ofSeconds(10)).until(d -> page().contains("blob.bin"));
        browser.driver().findElement(By.xpath("//tr[td/a[text()='blob.bin']]//a[text()='download']")).click();
        Path file = downloads.resolve("blob.bin");
        browser.await(Duration.ofSeconds(30)).until(d -> Files.exists(file)
                && !Files.exists(downloads.resolve("blob.bin.crdownload")));
        assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(source.resolve("etc/app/conf.d/blob.bin")));
    }

    @Test
    @Order(4)
    void restoreADirectoryToANewDirectoryAndWatchItFinishLive() throws Exception {
        WorkerLoop worker = app.workerLoop(Duration.ofMillis(200), 1);
        worker.start();
        Path restored = null;
        try {
            browser.clickAndWait("#restore-directory");
            assertThat(page()).contains("a new directory", source.resolve("etc/app/conf.d").toString());
            browser.clickAndWait("#preview");
            browser.await(Duration.ofSeconds(60)).until(d -> page().contains("Would create"));
            assertThat(page()).contains("Restore dry run #", "site.conf");
            browser.screenshotFullPage("restore-preview");

            browser.clickAndWait("#restore-now");
            WebElement html = browser.driver().findElement(By.tagName("html"));
            assertThat(page()).contains("Restore run #");
            browser.await(Duration.ofSeconds(60)).until(d -> "succeeded".equals(
                    browser.find("#run-live").getAttribute("data-status")));
            // Finished without a reload: the live region was replaced in the page that was opened.
            assertThat(html.isDisplayed()).isTrue();
            String target = browser.text("#restore-target");
            restored = Path.of(target.substring(target.indexOf(':') + 1));
            assertThat(restored.toString()).startsWith("/var/tmp/pobsync-restore-");
            Path conf = restored.resolve(source.toString().substring(1)).resolve("etc/app/conf.d");
            assertThat(conf.resolve("site.conf")).hasContent("listen 443");
            assertThat(Files.readAllBytes(conf.resolve("blob.bin")))
                    .isEqualTo(Files.readAllBytes(source.resolve("etc/app/conf.d/blob.bin")));
            browser.screenshotFullPage("restore-done");
        } finally {
            worker.stop(Duration.ofSeconds(10));
            if (restored != null) {
                DeepTree.removeContents(restored);
                Files.deleteIfExists(restored);
            }
        }
    }
}
