package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.pobsync.engine.layout.SnapshotName;
import org.pobsync.hosts.Host;
import org.pobsync.panel.Refresh;
import org.pobsync.runs.RunStatus;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.status.HostOverview;
import org.pobsync.testsupport.Html;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The dashboard depends on every host in the database, so this class has a database of its
 * own (the property below makes a separate test context) and runs its tests in order.
 */
@WebTest
@TestPropertySource(properties = "pobsync.test.database=dashboard")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardControllerTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;
    @Autowired
    HostOverview overview;

    /** The fixture writes behind the panel's back, so the shared overview is dropped before each test. */
    @BeforeEach
    void freshOverview() {
        overview.invalidate();
    }

    @Test
    @Order(1)
    void withoutHostsTheDashboardSaysWhatToDoNext() throws Exception {
        mvc.perform(get("/").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("No hosts yet")))
                .andExpect(content().string(containsString("pobsync manage ssh-key --generate")))
                .andExpect(content().string(containsString("href=\"/hosts/new\"")));
    }

    @Test
    @Order(2)
    void hostsInABadStateStandOutAndComeFirst() throws Exception {
        Host failing = fixture.newHost("zz-failing");
        fixture.run(failing, RunStatus.FAILED, "host unreachable: connection timed out");
        Host fresh = fixture.newHost("aa-fresh");
        fixture.snapshot(fresh, SnapshotName.of(Instant.now().minusSeconds(3600)).value(), SnapshotStatus.COMPLETE,
                null);
        Host added = fixture.newHost("mm-new");
        String whole = mvc.perform(get("/").with(staff()))
                .andExpect(status().isOk())
                .andExpect(content().string(not(containsString("No hosts yet"))))
                .andReturn().getResponse().getContentAsString();
        String page = whole.substring(whole.indexOf("id=\"hosts\"")); // the failed run is in "Recent failures" too
        int failingRow = page.indexOf(">" + failing.name() + "</a>");
        int freshRow = page.indexOf(">" + fresh.name() + "</a>");
        int newRow = page.indexOf(">" + added.name() + "</a>");
        assertThat(failingRow).isPositive().isLessThan(freshRow).isLessThan(newRow);
        assertThat(page.substring(page.lastIndexOf("<tr", failingRow), failingRow)).contains("class=\"bad\"");
        assertThat(page.substring(failingRow, freshRow)).contains(">failing</span>")
                .contains("the last run failed: host unreachable: connection timed out");
        assertThat(page.substring(newRow)).as("a host added a moment ago is not late, it has no backup yet")
                .containsPattern("h-new\"[^>]*>no backup yet</span>");
        String newHostRow = page.substring(newRow, page.indexOf("</tr>", newRow));
        assertThat(newHostRow).doesNotContainIgnoringCase("stale").doesNotContain(">late<", ">never<");
        assertThat(page.substring(freshRow)).contains("(<time");
        assertThat(whole).containsPattern("Hosts late or failing</div>\\s*<div class=\"value\">[1-9]\\d*</div>")
                .containsPattern("[1-9]\\d* failing · \\d+ late · \\d+ never backed up");
    }

    @Test
    @Order(3)
    void recentFailuresAndRunningBackupsAreShown() throws Exception {
        Host h = fixture.newHost("dash-fail");
        fixture.run(h, RunStatus.FAILED, "authentication refused by the host");
        Host busy = fixture.newHost("dash-busy");
        fixture.run(busy, RunStatus.RUNNING, null);
        mvc.perform(get("/").with(staff()))
                .andExpect(content().string(containsString("Recent failures")))
                .andExpect(content().string(containsString("authentication refused by the host")))
                .andExpect(content().string(containsString("Backup root disk")))
                .andExpect(content().string(containsString("No worker has reported")));
        mvc.perform(get("/dashboard/running").with(staff()))
                .andExpect(status().isOk())
                .andExpect(header().string(Refresh.ACTIVE_HEADER, "true"))
                .andExpect(content().string(containsString("data-refresh-url=\"/dashboard/running\"")))
                .andExpect(content().string(containsString(busy.name())))
                .andExpect(content().string(containsString("<progress max=\"100\" value=\"42\"")));
    }

    @Test
    @Order(4)
    void recentFailuresLeaveOutWhatALaterSuccessOfTheHostMadeGoodAndLinkToAllFailures() throws Exception {
        Host fixed = fixture.newHost("dash-fixed");
        fixture.run(fixed, RunStatus.FAILED, "the disk of dash-fixed was full");
        fixture.run(fixed, RunStatus.SUCCEEDED, null);
        Host broken = fixture.newHost("dash-broken");
        fixture.run(broken, RunStatus.SUCCEEDED, null);
        fixture.run(broken, RunStatus.FAILED, "the disk of dash-broken is full");
        String page = mvc.perform(get("/").with(staff())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        String failures = Html.element(page, "section", "recent-failures");
        assertThat(failures).contains("the disk of dash-broken is full")
                .doesNotContain("the disk of dash-fixed was full")
                .contains("href=\"/runs/?status=failed\"", "all failures");
    }

    /**
     * The failures and hosts lists are rendered once per host overview and reader's zone: each
     * reader gets their own zone, and what the workers write shows with the next overview.
     */
    @Test
    @Order(5)
    void theListsFollowTheOverviewAndEachReadersZone() throws Exception {
        Host h = fixture.newHost("dash-zones");
        fixture.run(h, RunStatus.FAILED, "the first failure of dash-zones");
        String kolkata = Html.element(page(reader("Asia/Kolkata")), "section", "recent-failures");
        String server = Html.element(page(reader("")), "section", "recent-failures");
        assertThat(kolkata).contains("the first failure of dash-zones").containsPattern("title=\"[^\"]* IST");
        assertThat(server).contains("the first failure of dash-zones").doesNotContain(" IST");

        // A run recorded behind the panel's back (as a worker does) shows once the overview is taken again.
        fixture.run(fixture.newHost("dash-later"), RunStatus.FAILED, "a later failure of dash-later");
        overview.invalidate();
        assertThat(Html.element(page(reader("Asia/Kolkata")), "section", "recent-failures"))
                .contains("a later failure of dash-later", "the first failure of dash-zones");
    }

    private String page(RequestPostProcessor who) throws Exception {
        return mvc.perform(get("/").with(who)).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    private RequestPostProcessor reader(String zone) {
        String name = "dash-tz-" + System.nanoTime() % 1_000_000;
        fixture.app().users().create(name, null, WebFixture.PASSWORD, true, false, "test");
        fixture.app().users().setTimeZone(name, zone, "test");
        return user(name).roles("STAFF");
    }

    @Test
    @Order(6)
    void timesAreHumanWithTheExactUtcTimeOnHover() throws Exception {
        Host h = fixture.newHost("dash-times");
        fixture.run(h, RunStatus.SUCCEEDED, null);
        String page = mvc.perform(get("/").with(staff())).andReturn().getResponse().getContentAsString();
        assertThat(page).containsPattern(
                "<time datetime=\"[0-9T:.Z-]+\" title=\"\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\">1 min ago</time>");
    }

    @Test
    @Order(7)
    void withManyHostsOnlyThoseNeedingAttentionAreListed() throws Exception {
        Instant recent = Instant.now().minusSeconds(7200);
        for (int i = 0; i < DashboardController.HOST_ROWS; i++) {
            Host ok = fixture.newHost("healthy");
            fixture.snapshot(ok, SnapshotName.of(recent.plusSeconds(i)).value(), SnapshotStatus.COMPLETE, null);
            fixture.run(ok, RunStatus.SUCCEEDED, null);
        }
        String page = mvc.perform(get("/").with(staff())).andReturn().getResponse().getContentAsString();
        // Which of them are listed depends on what other tests of the shared database added: the
        // worst twenty; here it matters that healthy hosts are not.
        assertThat(page).containsPattern("Hosts needing attention \\(\\d+ of \\d+\\)")
                .contains("<tr class=\"bad")
                .doesNotContain(">healthy-")
                .containsPattern("href=\"/hosts/\">All \\d+ hosts</a>");
    }

    @Test
    @Order(8)
    void withManyHostsNeedingAttentionTheWorstAreListedAndTheRestCounted() throws Exception {
        for (int i = 0; i < DashboardController.HOST_ROWS; i++) {
            fixture.newHost("zz-quiet"); // more hosts than the dashboard lists in full
        }
        int failing = DashboardController.ATTENTION_ROWS + 5;
        for (int i = 0; i < failing; i++) {
            fixture.run(fixture.newHost("zz-broken"), RunStatus.FAILED, "host unreachable");
        }
        String page = mvc.perform(get("/").with(staff())).andReturn().getResponse().getContentAsString();
        String hosts = page.substring(page.indexOf("id=\"hosts\""));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Hosts needing attention \\((\\d+) of").matcher(hosts);
        assertThat(m.find()).isTrue();
        int attention = Integer.parseInt(m.group(1));
        assertThat(attention).isGreaterThan(DashboardController.ATTENTION_ROWS);
        assertThat(hosts.split("<tr class=\"bad", -1).length - 1).as("rows of failing hosts")
                .isEqualTo(DashboardController.ATTENTION_ROWS);
        assertThat(hosts).contains((attention - DashboardController.ATTENTION_ROWS) + " more need attention.");
    }
}
