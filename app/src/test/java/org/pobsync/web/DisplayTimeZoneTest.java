package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.runs.RunStatus;
import org.pobsync.testsupport.Html;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Each user reads the panel's times in their own zone (set on /account/, default the server's,
 * which is UTC in the fixture), with UTC on hover; the API keeps UTC whatever the zone.
 */
@WebTest
class DisplayTimeZoneTest {

    private static final AtomicInteger USERS = new AtomicInteger();
    private static final Pattern FIRST_NEXT_RUN = Pattern.compile(
            "<ol class=\"plain\" id=\"next-runs\">\\s*<li>.*?<time datetime=\"[^\"]+\" title=\"([^\"]+)\">([^<]+)</time>",
            Pattern.DOTALL);

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    @Test
    void aScheduleInAmsterdamListsItsNextRunsAtTheirAmsterdamTimeForAnAmsterdamReader() throws Exception {
        Host h = fixture.newHost("tz-sched");
        fixture.app().schedules().configure(h.name(), "15 2 * * *", "Europe/Amsterdam", false, true, "test");
        RequestPostProcessor amsterdam = reader("Europe/Amsterdam");
        RequestPostProcessor server = reader("");

        Matcher local = FIRST_NEXT_RUN.matcher(schedulePage(h, amsterdam));
        assertThat(local.find()).isTrue();
        assertThat(local.group(2)).matches("\\d{4}-\\d\\d-\\d\\d 02:15:00 CES?T");
        assertThat(local.group(1)).as("UTC on hover").matches("\\d{4}-\\d\\d-\\d\\d 0[01]:15:00 UTC");

        Matcher utc = FIRST_NEXT_RUN.matcher(schedulePage(h, server));
        assertThat(utc.find()).isTrue();
        assertThat(utc.group(2)).as("the server's zone (UTC here) by default").isEqualTo(local.group(1));
    }

    @Test
    void theAccountSettingChangesEveryTimeOnAPageAndTheApiStaysUtc() throws Exception {
        Host h = fixture.newHost("tz-run");
        long runId = fixture.run(h, RunStatus.SUCCEEDED, null).id();
        String name = newStaff();
        RequestPostProcessor me = user(name).roles("STAFF");
        mvc.perform(post("/account/time-zone").param("timeZone", "Asia/Kolkata").with(csrf()).with(me))
                .andExpect(redirectedUrl("/account/"));
        assertThat(fixture.app().users().get(name).timeZone()).isEqualTo(ZoneId.of("Asia/Kolkata"));

        String run = mvc.perform(get("/runs/{id}/", runId).with(me)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(run).containsPattern("<time datetime=\"[^\"]+\" title=\"[^\"]+ UTC\">\\d{4}-\\d\\d-\\d\\d [\\d:]+ IST</time>");
        String audit = mvc.perform(get("/account/").with(me)).andReturn().getResponse().getContentAsString();
        assertThat(Html.element(audit, "section", "time-zone")).contains("value=\"Asia/Kolkata\"").contains(" IST");

        String json = mvc.perform(get("/api/runs/{id}/", runId).with(me)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        assertThat(json).containsPattern("\"queued_at\" ?: ?\"\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\"").doesNotContain("+05:30");
    }

    @Test
    void anUnknownZoneIsAFieldErrorAndBlankMeansTheServersZone() throws Exception {
        String name = newStaff();
        RequestPostProcessor me = user(name).roles("STAFF");
        for (String bad : new String[] {"Mars/Olympus", "../../etc/passwd", "x".repeat(10_000), "+99:00"}) {
            String page = mvc.perform(post("/account/time-zone").param("timeZone", bad).with(csrf()).with(me))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(Html.field(page, "timeZone")).as(bad).contains("has-error", "unknown time zone");
        }
        assertThat(fixture.app().users().get(name).timeZone()).isNull();

        mvc.perform(post("/account/time-zone").param("timeZone", "UTC").with(csrf()).with(me));
        mvc.perform(post("/account/time-zone").param("timeZone", " ").with(csrf()).with(me))
                .andExpect(redirectedUrl("/account/"));
        assertThat(fixture.app().users().get(name).timeZone()).isNull();
        assertThat(fixture.app().audit().recent(name, "user.time_zone", 5, 0)).hasSize(2);
        mvc.perform(post("/account/time-zone").param("timeZone", "UTC").with(csrf()))
                .andExpect(status().is3xxRedirection());
    }

    private String schedulePage(Host h, RequestPostProcessor who) throws Exception {
        return mvc.perform(get("/hosts/{h}/schedule", h.name()).with(who)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
    }

    private RequestPostProcessor reader(String zone) {
        String name = newStaff();
        fixture.app().users().setTimeZone(name, zone, "test");
        return user(name).roles("STAFF");
    }

    private String newStaff() {
        String name = "tz-" + USERS.incrementAndGet() + "-" + System.nanoTime() % 100000;
        fixture.app().users().create(name, null, WebFixture.PASSWORD, true, false, "test");
        return name;
    }
}
