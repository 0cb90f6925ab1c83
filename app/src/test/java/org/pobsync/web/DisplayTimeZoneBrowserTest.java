package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.testsupport.Browser;
import org.pobsync.testsupport.PanelServer;
import org.pobsync.testsupport.WebFixture;

/**
 * In a real browser: a user sets their time zone on the account page, and the schedule page
 * they open next lists the next runs in that zone, with UTC on hover.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DisplayTimeZoneBrowserTest {

    PanelServer panel;
    Browser browser;

    @BeforeAll
    void start() {
        panel = PanelServer.start(Map.of());
        browser = Browser.start();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (panel != null) {
            panel.close();
        }
    }

    @Test
    void theAccountsTimeZoneChangesTheTimesTheSchedulePageShows() {
        panel.app().hosts().save("tz-web1", h -> h.address("web1.example.net").sourcePaths(List.of("/etc")),
                Editor.maintainer("test"));
        panel.app().schedules().configure("tz-web1", "15 2 * * *", "Europe/Amsterdam", false, true, "test");
        String base = "http://127.0.0.1:" + panel.port() + "/";
        browser.logIn(base, WebFixture.STAFF, WebFixture.PASSWORD);

        browser.open(base + "hosts/tz-web1/schedule");
        String before = browser.text("#next-runs li time");
        assertThat(before).as("the server's zone, UTC here").matches("\\d{4}-\\d\\d-\\d\\d 0[01]:15:00 UTC");

        browser.open(base + "account/");
        browser.find("#timeZone").clear();
        browser.find("#timeZone").sendKeys("Europe/Amsterdam");
        browser.clickAndWait("#save-time-zone");
        assertThat(browser.text(".flash.ok")).contains("Europe/Amsterdam");

        browser.open(base + "hosts/tz-web1/schedule");
        assertThat(browser.text("#next-runs li time")).matches("\\d{4}-\\d\\d-\\d\\d 02:15:00 CES?T");
        assertThat(browser.find("#next-runs li time").getAttribute("title")).isEqualTo(before);
    }
}
