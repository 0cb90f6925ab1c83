package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pobsync.format.Json;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.runs.RunStatus;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.status.HostAlertSettings;
import org.pobsync.status.HostOverview;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;

/**
 * SPEC section 14: one function decides a host's state, so the dashboard, the host list,
 * {@code pobsync status}, /api/hosts/, /api/status/ and /metrics show the same state for every
 * host. One fixture host per state (and per way of reaching it), each surface read as its user
 * reads it.
 */
@WebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostStateSurfacesTest {

    private static final DateTimeFormatter SNAPSHOT = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;
    @Autowired
    HostOverview overview;

    /** Host name to the panel's label key (the state, or "new" for "no backup yet"). */
    private final Map<String, String> expected = new LinkedHashMap<>();

    @BeforeAll
    void hosts() {
        Instant now = Instant.now();
        Host ok = host("surf-ok", now.minus(Duration.ofDays(30)));
        snapshot(ok, now.minus(Duration.ofHours(2)), SnapshotStatus.COMPLETE);
        fixture.run(ok, RunStatus.SUCCEEDED, null);
        expected.put(ok.name(), "ok");

        Host late = host("surf-late", now.minus(Duration.ofDays(30)));
        snapshot(late, now.minus(Duration.ofDays(3)), SnapshotStatus.COMPLETE);
        expected.put(late.name(), "late");

        Host failing = host("surf-failing", now.minus(Duration.ofDays(30)));
        snapshot(failing, now.minus(Duration.ofHours(2)), SnapshotStatus.COMPLETE);
        fixture.run(failing, RunStatus.FAILED, "host unreachable");
        expected.put(failing.name(), "failing");

        Host never = host("surf-never", now.minus(Duration.ofDays(2)));
        expected.put(never.name(), "never");

        Host fresh = host("surf-new", now.minus(Duration.ofHours(1)));
        expected.put(fresh.name(), "new");

        Host partial = host("surf-partial", now.minus(Duration.ofDays(30)));
        snapshot(partial, now.minus(Duration.ofHours(2)), SnapshotStatus.PARTIAL);
        expected.put(partial.name(), "never");

        Host partialOk = host("surf-partialok", now.minus(Duration.ofDays(30)));
        snapshot(partialOk, now.minus(Duration.ofHours(2)), SnapshotStatus.PARTIAL);
        fixture.app().alertSettings().configureHost(partialOk.name(),
                new HostAlertSettings(partialOk.id(), null, null, true, null), "test");
        expected.put(partialOk.name(), "ok");

        Host expectsMore = host("surf-weekly", now.minus(Duration.ofDays(30)));
        snapshot(expectsMore, now.minus(Duration.ofDays(3)), SnapshotStatus.COMPLETE);
        fixture.app().alertSettings().configureHost(expectsMore.name(),
                new HostAlertSettings(expectsMore.id(), 24 * 7, null, false, null), "test");
        expected.put(expectsMore.name(), "ok");

        Host disabled = host("surf-disabled", now.minus(Duration.ofDays(30)));
        fixture.run(disabled, RunStatus.FAILED, "host unreachable");
        fixture.app().hosts().save(disabled.name(), b -> b.enabled(false), Editor.maintainer("test"));
        expected.put(disabled.name(), "disabled");
    }

    @Test
    void theApiAndTheMetricsAgreeWithTheExpectedStates() throws Exception {
        PrometheusScrape metrics = PrometheusScrape.of(body("/metrics"));
        for (var e : expected.entrySet()) {
            String state = stateOf(e.getValue());
            JsonNode host = Json.MAPPER.readTree(body("/api/hosts/" + e.getKey() + "/"));
            assertThat(host.get("state").asString()).as("/api/hosts/ " + e.getKey()).isEqualTo(state);
            assertThat(metrics.stateOf(e.getKey())).as("/metrics " + e.getKey()).isEqualTo(state);
        }
        // /api/status/ counts every host of the (shared) database: the same counts as /metrics.
        JsonNode states = Json.MAPPER.readTree(body("/api/status/")).get("hosts").get("states");
        for (String state : new String[] {"ok", "late", "failing", "never", "disabled"}) {
            assertThat(states.get(state).asLong()).as("/api/status/ " + state).isEqualTo(metrics.count(state));
        }
    }

    @Test
    void theHostListAndTheDashboardShowTheSameStates() throws Exception {
        overview.invalidate(); // the fixture wrote to the database behind the panel's back
        String dashboard = body("/");
        // On a large (shared) database the dashboard lists only the hosts needing attention most.
        boolean capped = dashboard.split("<tr class=\"bad", -1).length - 1 >= DashboardController.ATTENTION_ROWS;
        for (var e : expected.entrySet()) {
            String list = body("/hosts/?q=" + e.getKey());
            assertThat(badge(list, e.getKey())).as("host list " + e.getKey()).isEqualTo(e.getValue());
            String onDashboard = badge(dashboard, e.getKey());
            if (!e.getValue().equals("ok") && !e.getValue().equals("new") && !e.getValue().equals("disabled")) {
                if (!capped || onDashboard != null) {
                    assertThat(onDashboard).as("dashboard " + e.getKey()).isEqualTo(e.getValue());
                }
            } else if (onDashboard != null) {
                assertThat(onDashboard).as("dashboard " + e.getKey()).isEqualTo(e.getValue());
            }
        }
    }

    @Test
    void pobsyncStatusPrintsTheSameStates() {
        Cli.Result r = new Cli(TestDatabase.SQLITE.env(fixture.dir().resolve("var"))).run("status");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<String, String> labels = Map.of("new", "no backup yet", "never", "never backed up");
        for (var e : expected.entrySet()) {
            String label = labels.getOrDefault(e.getValue(), e.getValue());
            assertThat(r.out()).as(e.getKey()).containsPattern("(?m)^" + Pattern.quote(e.getKey()) + " +"
                    + Pattern.quote(label) + "  ");
        }
    }

    private static String stateOf(String labelKey) {
        return labelKey.equals("new") ? "ok" : labelKey;
    }

    /** The label key of the host's state badge in a host table, or null when the host is not listed. */
    private static String badge(String html, String host) {
        Matcher m = Pattern.compile(">" + Pattern.quote(host) + "</a></td>\\s*<td><span class=\"badge host-state h-([a-z]+)\"")
                .matcher(html);
        return m.find() ? m.group(1) : null;
    }

    private Host host(String prefix, Instant createdAt) {
        Host h = fixture.newHost(prefix);
        fixture.app().database().jdbc().sql("UPDATE host SET created_at = ? WHERE id = ?")
                .params(createdAt.toEpochMilli(), h.id()).update();
        return h;
    }

    private void snapshot(Host host, Instant startedAt, SnapshotStatus status) {
        fixture.snapshot(host, SNAPSHOT.format(startedAt), status, null);
    }

    private String body(String url) throws Exception {
        var r = mvc.perform(get(url).with(user(WebFixture.STAFF).roles("STAFF"))).andReturn().getResponse();
        assertThat(r.getStatus()).as(url).isEqualTo(200);
        return r.getContentAsString();
    }

    /** The host states of a /metrics scrape. */
    private record PrometheusScrape(Map<String, String> states) {
        static PrometheusScrape of(String text) {
            Map<String, String> states = new HashMap<>();
            Matcher m = Pattern.compile("(?m)^pobsync_host_state\\{([^}]*)\\} 1\\.0$").matcher(text);
            while (m.find()) {
                Matcher host = Pattern.compile("host=\"([^\"]*)\"").matcher(m.group(1));
                Matcher state = Pattern.compile("state=\"([^\"]*)\"").matcher(m.group(1));
                if (host.find() && state.find() && states.put(host.group(1), state.group(1)) != null) {
                    throw new AssertionError("two states for " + host.group(1));
                }
            }
            return new PrometheusScrape(states);
        }

        String stateOf(String host) {
            return states.get(host);
        }

        long count(String state) {
            return states.values().stream().filter(state::equals).count();
        }
    }
}
