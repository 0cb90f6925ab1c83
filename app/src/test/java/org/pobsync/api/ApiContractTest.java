package org.pobsync.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pobsync.format.Json;
import org.pobsync.runs.RunTrigger;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;

/**
 * The API's contract as docs/api.md states it: the exact field names of every object type and
 * the JSON type of each field, pagination and its edges, and errors as JSON with a 4xx status.
 * Scripts depend on these names, so a change here is a breaking change.
 */
@WebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiContractTest {

    static final RequestPostProcessor STAFF = user(WebFixture.STAFF).roles("STAFF");
    static final String ISO_UTC = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";

    static final Set<String> PAGE = Set.of("count", "limit", "offset", "next", "previous", "results");
    static final Set<String> HOST = Set.of("name", "url", "address", "transport", "ssh_user", "ssh_port", "use_sudo",
            "missing_paths_are_warnings",
            "source_paths", "exclude_patterns", "rsync_options", "bwlimit_kbps", "timeout_seconds", "retention",
            "enabled", "notes", "pinned_host_keys", "schedule", "last_run", "last_good_snapshot", "stale",
            "state", "state_reason", "expected_every_hours", "expectation_source", "created_at", "updated_at");
    static final Set<String> RETENTION = Set.of("keep_last", "keep_hourly", "keep_daily", "keep_weekly",
            "keep_monthly", "keep_yearly", "source");
    static final Set<String> PINNED_KEY = Set.of("type", "fingerprint", "pinned_at", "pinned_by");
    static final Set<String> SCHEDULE = Set.of("cron_expression", "time_zone", "enabled", "prune", "next_run_at",
            "last_enqueued_at");
    static final Set<String> SNAPSHOT = Set.of("id", "host", "name", "status", "started_at", "finished_at",
            "base_snapshot", "file_count", "total_bytes", "unique_bytes", "run_id", "path", "discovered_at",
            "deleted_at");
    static final Set<String> RUN = Set.of("id", "host", "status", "trigger", "dry_run", "prune", "queued_at",
            "started_at", "finished_at", "duration_seconds", "snapshot", "base_snapshot", "exit_code", "error",
            "files_total", "files_transferred", "bytes_transferred", "total_size", "progress_percent",
            "cancel_requested", "worker_id", "kind", "restore");

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    ApiSamples.Sample sample;
    String pagedHost;

    @BeforeAll
    void data() {
        sample = ApiSamples.host(fixture, "contract");
        pagedHost = fixture.newHost("paged").name();
        for (int i = 0; i < 7; i++) {
            long id = fixture.app().runs().enqueue(pagedHost, RunTrigger.MANUAL, false, false, "test").id();
            fixture.app().runs().cancel(id, "test");
        }
        fixture.app().heartbeats().beat("worker:contract:1", fixture.app().clock().instant());
    }

    @Test
    void indexLinksEveryResource() throws Exception {
        JsonNode index = ok("/api/");
        assertThat(index.propertyNames()).containsExactlyInAnyOrder("version", "links", "documentation");
        assertThat(index.get("links").propertyNames()).containsExactlyInAnyOrder("status", "hosts", "host",
                "snapshots", "runs", "run", "files", "versions");
        for (String link : List.of("status", "hosts", "snapshots", "runs")) {
            ok(index.get("links").get(link).asString());
        }
        assertThat(index.get("links").get("host").asString()).isEqualTo("/api/hosts/{name}/");
    }

    @Test
    void statusHasVersionDatabaseCountsDiskAndHeartbeats() throws Exception {
        JsonNode s = ok("/api/status/");
        assertThat(s.propertyNames()).containsExactlyInAnyOrder("version", "database", "backup_root", "hosts", "runs",
                "heartbeats", "generated_at");
        assertThat(s.get("version").isString()).isTrue();
        assertThat(s.get("generated_at").asString()).matches(ISO_UTC);
        assertThat(s.get("database").propertyNames()).containsExactlyInAnyOrder("kind", "migrations_current");
        assertThat(s.get("database").get("kind").asString()).isEqualTo("sqlite");
        assertThat(s.get("database").get("migrations_current").isBoolean()).isTrue();
        assertThat(s.get("backup_root").propertyNames()).containsExactlyInAnyOrder("path", "exists", "total_bytes",
                "free_bytes", "used_bytes");
        assertThat(s.get("backup_root").get("free_bytes").isIntegralNumber()).isTrue();
        assertThat(s.get("hosts").propertyNames()).containsExactlyInAnyOrder("total", "enabled", "stale", "states");
        assertThat(s.get("hosts").get("states").propertyNames()).containsExactlyInAnyOrder("ok", "late", "failing",
                "never", "disabled");
        assertThat(s.get("hosts").get("states").get("failing").asInt()).as("the sample host").isPositive();
        assertThat(s.get("hosts").get("total").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(s.get("runs").propertyNames()).containsExactlyInAnyOrder("queued", "running");
        JsonNode worker = find(s.get("heartbeats"), "component", "worker:contract:1");
        assertThat(worker.propertyNames()).containsExactlyInAnyOrder("component", "hostname", "pid", "version",
                "started_at", "last_seen_at", "age_seconds", "fresh");
        assertThat(worker.get("last_seen_at").asString()).matches(ISO_UTC);
        assertThat(worker.get("age_seconds").isIntegralNumber()).isTrue();
        assertThat(worker.get("fresh").asBoolean()).isTrue();
    }

    @Test
    void hostHasEveryFieldWithItsType() throws Exception {
        JsonNode h = ok("/api/hosts/" + sample.host().name() + "/");
        assertThat(h.propertyNames()).containsExactlyInAnyOrderElementsOf(HOST);
        assertThat(h.get("name").asString()).isEqualTo(sample.host().name());
        assertThat(h.get("url").asString()).isEqualTo("/api/hosts/" + sample.host().name() + "/");
        assertThat(h.get("transport").asString()).isEqualTo("ssh");
        assertThat(h.get("ssh_user").asString()).isEqualTo("root");
        assertThat(h.get("ssh_port").asInt()).isEqualTo(22);
        assertThat(h.get("use_sudo").isBoolean()).isTrue();
        assertThat(h.get("missing_paths_are_warnings").isBoolean()).isTrue();
        assertThat(h.get("source_paths").isArray()).isTrue();
        assertThat(h.get("source_paths").get(0).asString()).isEqualTo("/etc");
        assertThat(h.get("exclude_patterns").isArray()).isTrue();
        assertThat(h.get("rsync_options").isArray()).isTrue();
        assertThat(h.get("bwlimit_kbps").isNull()).isTrue();
        assertThat(h.get("state").asString()).as("its only run failed").isEqualTo("failing");
        assertThat(h.get("state_reason").asString()).isEqualTo(
                "the last run failed: host unreachable: connection refused on port 22");
        assertThat(h.get("stale").asBoolean()).as("stale is late or never; failing comes first").isFalse();
        assertThat(h.get("expected_every_hours").asLong()).as("a daily schedule, plus 2 h").isEqualTo(26);
        assertThat(h.get("expectation_source").asString()).isEqualTo("schedule");
        assertThat(h.get("created_at").asString()).matches(ISO_UTC);
        assertThat(h.get("retention").propertyNames()).containsExactlyInAnyOrderElementsOf(RETENTION);
        assertThat(h.get("retention").get("source").asString()).isEqualTo("global");
        JsonNode key = h.get("pinned_host_keys").get(0);
        assertThat(key.propertyNames()).containsExactlyInAnyOrderElementsOf(PINNED_KEY);
        assertThat(key.get("fingerprint").asString()).startsWith("SHA256:");
        assertThat(key.get("pinned_at").asString()).matches(ISO_UTC);
        assertThat(h.get("schedule").propertyNames()).containsExactlyInAnyOrderElementsOf(SCHEDULE);
        assertThat(h.get("schedule").get("cron_expression").asString()).isEqualTo("15 2 * * *");
        assertThat(h.get("schedule").get("next_run_at").asString()).matches(ISO_UTC);
        assertThat(h.get("last_run").propertyNames()).containsExactlyInAnyOrderElementsOf(RUN);
        assertThat(h.get("last_run").get("id").asLong()).isEqualTo(sample.run().id());
        assertThat(h.get("last_good_snapshot").propertyNames()).containsExactlyInAnyOrderElementsOf(SNAPSHOT);

        // The list holds the same objects.
        JsonNode listed = find(ok("/api/hosts/?limit=500").get("results"), "name", sample.host().name());
        assertThat(listed.propertyNames()).containsExactlyInAnyOrderElementsOf(HOST);
        assertThat(listed.get("pinned_host_keys")).isEqualTo(h.get("pinned_host_keys"));
    }

    @Test
    void snapshotsHaveEveryFieldWithItsType() throws Exception {
        JsonNode page = ok("/api/snapshots/?host=" + sample.host().name());
        assertThat(page.propertyNames()).containsExactlyInAnyOrderElementsOf(PAGE);
        assertThat(page.get("count").asLong()).isEqualTo(1);
        JsonNode s = page.get("results").get(0);
        assertThat(s.propertyNames()).containsExactlyInAnyOrderElementsOf(SNAPSHOT);
        assertThat(s.get("id").isIntegralNumber()).isTrue();
        assertThat(s.get("host").asString()).isEqualTo(sample.host().name());
        assertThat(s.get("name").asString()).isEqualTo("20260301T021500Z");
        assertThat(s.get("status").asString()).isEqualTo("complete");
        assertThat(s.get("started_at").asString()).isEqualTo("2026-03-01T02:15:00Z");
        assertThat(s.get("total_bytes").asLong()).isEqualTo(123_456_789L);
        assertThat(s.get("base_snapshot").isNull()).isTrue();
        assertThat(s.get("deleted_at").isNull()).isTrue();
        assertThat(ok("/api/snapshots/?host=" + sample.host().name() + "&status=deleted").get("count").asLong())
                .isZero();
    }

    @Test
    void runsUseTheNamesOfTheCliAndTheirTypes() throws Exception {
        JsonNode run = ok("/api/runs/" + sample.run().id() + "/");
        assertThat(run.propertyNames()).containsExactlyInAnyOrderElementsOf(RUN);
        assertThat(run.get("host").asString()).isEqualTo(sample.host().name());
        assertThat(run.get("status").asString()).isEqualTo("failed");
        assertThat(run.get("trigger").asString()).isEqualTo("cli");
        assertThat(run.get("dry_run").isBoolean()).isTrue();
        assertThat(run.get("queued_at").asString()).matches(ISO_UTC);
        assertThat(run.get("exit_code").asInt()).isEqualTo(255);
        assertThat(run.get("error").asString()).contains("host unreachable");
        assertThat(run.get("snapshot").isNull()).isTrue();

        // pobsync runs --json on the same database prints the same fields.
        Cli cli = new Cli(TestDatabase.SQLITE.env(fixture.dir().resolve("var")));
        Cli.Result r = cli.run("runs", "--host", sample.host().name(), "--json");
        assertThat(r.exitCode()).as(r.toString()).isZero();
        JsonNode fromCli = Json.MAPPER.readTree(r.out()).get(0);
        assertThat(fromCli.propertyNames()).containsExactlyInAnyOrderElementsOf(run.propertyNames());
        assertThat(fromCli.get("id")).isEqualTo(run.get("id"));
        assertThat(fromCli.get("queued_at")).isEqualTo(run.get("queued_at"));

        JsonNode failed = ok("/api/runs/?host=" + sample.host().name() + "&status=failed");
        assertThat(failed.get("count").asLong()).isEqualTo(1);
        assertThat(failed.get("results").get(0)).isEqualTo(run);
    }

    @Test
    void pagesHaveCountsAndLinksThatCarryTheFilters() throws Exception {
        String base = "/api/runs/?host=" + pagedHost;
        JsonNode first = ok(base + "&limit=3");
        assertThat(first.get("count").asLong()).isEqualTo(7);
        assertThat(first.get("limit").asInt()).isEqualTo(3);
        assertThat(first.get("offset").asInt()).isZero();
        assertThat(first.get("results")).hasSize(3);
        assertThat(first.get("previous").isNull()).isTrue();
        assertThat(first.get("next").asString()).isEqualTo("/api/runs/?host=" + pagedHost + "&limit=3&offset=3");

        JsonNode second = ok(first.get("next").asString());
        assertThat(second.get("results").get(0).get("id").asLong())
                .isLessThan(first.get("results").get(2).get("id").asLong());
        assertThat(second.get("previous").asString()).endsWith("&limit=3&offset=0");

        JsonNode last = ok(base + "&limit=3&offset=6");
        assertThat(last.get("results")).hasSize(1);
        assertThat(last.get("next").isNull()).isTrue();

        JsonNode pastTheEnd = ok(base + "&limit=3&offset=100");
        assertThat(pastTheEnd.get("count").asLong()).isEqualTo(7);
        assertThat(pastTheEnd.get("results")).isEmpty();
        assertThat(pastTheEnd.get("next").isNull()).isTrue();
        assertThat(pastTheEnd.get("previous").asString()).endsWith("&limit=3&offset=4");

        JsonNode farPastTheEnd = ok(base + "&limit=500&offset=" + Integer.MAX_VALUE);
        assertThat(farPastTheEnd.get("results")).isEmpty();
        assertThat(farPastTheEnd.get("next").isNull()).as("an offset near the int limit never wraps").isTrue();

        JsonNode defaults = ok(base);
        assertThat(defaults.get("limit").asInt()).isEqualTo(Pagination.DEFAULT_LIMIT);
        assertThat(ok(base + "&limit=500").get("limit").asInt()).isEqualTo(500);
        assertThat(ok("/api/hosts/?limit=1").get("results")).hasSize(1);
        assertThat(ok("/api/snapshots/?limit=1&offset=0").get("limit").asInt()).isEqualTo(1);
    }

    @Test
    void badPaginationIsA400() throws Exception {
        for (String query : List.of("limit=0", "limit=-1", "limit=501", "limit=abc", "offset=-1", "offset=1.5")) {
            for (String list : List.of("/api/runs/", "/api/snapshots/", "/api/hosts/")) {
                ApiAccessTest.assertError(list + "?" + query, call(get(list + "?" + query)), 400,
                        query.startsWith("limit") ? "limit" : "offset");
            }
        }
    }

    @Test
    void errorsAreJsonWithA4xxStatus() throws Exception {
        ApiAccessTest.assertError("unknown host", call(get("/api/hosts/no-such-host/")), 404, "no-such-host");
        ApiAccessTest.assertError("unknown host filter", call(get("/api/runs/?host=no-such-host")), 404,
                "no-such-host");
        ApiAccessTest.assertError("unknown host filter", call(get("/api/snapshots/?host=no-such-host")), 404,
                "no-such-host");
        ApiAccessTest.assertError("bad status", call(get("/api/runs/?status=exploded")), 400,
                "unknown run status 'exploded'");
        ApiAccessTest.assertError("bad status", call(get("/api/snapshots/?status=exploded")), 400,
                "unknown snapshot status 'exploded'");
        ApiAccessTest.assertError("unknown run", call(get("/api/runs/999999999/")), 404, "run 999999999 does not exist");
        ApiAccessTest.assertError("not a run id", call(get("/api/runs/abc/")), 404, "not a valid id");
        ApiAccessTest.assertError("unknown path", call(get("/api/nothing/here/")), 404, "no such API endpoint");
        ApiAccessTest.assertError("read-only", call(post("/api/hosts/").header("Authorization", "Bearer "
                + ApiSamples.token(fixture, "api-writer-" + System.nanoTime(), true, true))), 405, "read-only");
        // A session POST without a CSRF token is refused before anything else, still in JSON.
        ApiAccessTest.assertError("csrf", call(post("/api/hosts/")), 403, "CSRF");
        // Without the trailing slash the same resource answers; /api itself points at /api/.
        assertThat(call(get("/api/hosts/" + sample.host().name())).getStatus()).isEqualTo(200);
        MockHttpServletResponse moved = call(get("/api"));
        assertThat(moved.getStatus()).isEqualTo(301);
        assertThat(moved.getHeader("Location")).isEqualTo("/api/");
    }

    private MockHttpServletResponse call(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.with(STAFF)).andReturn().getResponse();
    }

    private JsonNode ok(String url) throws Exception {
        MockHttpServletResponse r = call(get(url));
        assertThat(r.getStatus()).as(url + ": " + r.getContentAsString()).isEqualTo(200);
        assertThat(r.getContentType()).isEqualTo("application/json");
        return Json.MAPPER.readTree(r.getContentAsString());
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.get(field).asString())) {
                return n;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }
}
