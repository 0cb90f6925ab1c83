package org.pobsync.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.pobsync.app.AppContext;
import org.pobsync.format.Json;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.Browser;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestHttpReceiver;
import org.pobsync.web.PobsyncWeb;

/**
 * A superuser's path through Notifications in a real browser (strict CSP, refresh.js): adding a
 * webhook through the form (a bad URL comes back next to its field), Send test reaching a real
 * HTTP receiver, and the notification log showing what the worker's notifier queued afterwards
 * without a reload.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationsBrowserTest {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    static Path dir;

    Browser browser;
    TestHttpReceiver receiver;
    AppContext app;
    PobsyncWeb.Handle web;

    @BeforeAll
    void start() {
        browser = Browser.start();
        receiver = TestHttpReceiver.start();
        Map<String, String> env = TestDatabase.SQLITE.env(dir.resolve("var"));
        env.put("POBSYNC_BIND", "127.0.0.1:0");
        app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 4);
        app.users().create("root-op", null, PASSWORD, true, true, "test");
        web = PobsyncWeb.start(app, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
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
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aWebhookIsAddedAndTestedAndTheLogFollowsTheNotifierLive() throws Exception {
        browser.logIn(web.url(), "root-op", PASSWORD);
        browser.open(web.url() + "notifications/channels/new?kind=webhook");
        type("name", "ops-hook");
        type("url", "ftp://example.org/hook");
        browser.clickAndWait("main form button[type=submit]");
        assertThat(fieldError("url")).contains("only http:// and https:// URLs are allowed");
        assertThat(app.channels().list()).isEmpty();

        type("url", receiver.url("/hook"));
        new Select(browser.find("#preset")).selectByValue("generic");
        browser.clickAndWait("main form button[type=submit]");
        assertThat(browser.driver().getCurrentUrl()).endsWith("/notifications/");
        assertThat(browser.text("#channels")).contains("ops-hook");

        browser.clickAndWait("#channels form[action$='/ops-hook/test'] button");
        assertThat(browser.text("body")).contains("Test message sent through ops-hook.");
        String body = receiver.await(1, Duration.ofSeconds(10)).get(0).body();
        assertThat(Json.MAPPER.readTree(body).get("event").asString()).isEqualTo("test");
        assertThat(browser.text("#notification-log")).contains("sent");

        // A host fails; the worker's notifier records it and queues its message. The open page
        // shows it without being reloaded.
        browser.script("window.pobsyncMarker = 'same page';");
        Host web1 = app.hosts().save("web1", h -> h.address("web1.example.net").sourcePaths(List.of("/etc")),
                Editor.maintainer("test")).host();
        BackupRun run = app.runs().startForeground(web1.name(), RunTrigger.CLI, false, false, "test");
        app.runs().finish(run, RunStatus.FAILED, 255, "host unreachable", null, null, null);
        app.notifierLoop(Duration.ofSeconds(1)).runOnce();
        // The live region is replaced at each refresh: an element read just as it goes is read again.
        browser.await(Duration.ofSeconds(30)).ignoring(StaleElementReferenceException.class)
                .until(d -> browser.text("#notification-log").contains("web1"));
        assertThat(browser.script("return window.pobsyncMarker;")).as("no page reload").isEqualTo("same page");
        browser.screenshot("notifications");
    }

    private void type(String id, String value) {
        WebElement e = browser.driver().findElement(By.id(id));
        e.clear();
        e.sendKeys(value);
    }

    private String fieldError(String id) {
        return browser.driver().findElement(By.xpath("//*[@id='" + id + "']/ancestor::div[contains(@class,'field')]"
                + "//p[@class='error']")).getText();
    }
}
