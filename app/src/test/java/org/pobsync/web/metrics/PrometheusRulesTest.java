package org.pobsync.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.TestEnvironment;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The shipped alert rules (packaging/prometheus/pobsync-alerts.yml) are valid for Prometheus,
 * fire when and only when they should (promtool's unit tests, pobsync-alerts-test.yml), and name
 * only metrics that /metrics exports, so renaming a metric cannot silently disarm an alert.
 */
@WebTest
class PrometheusRulesTest {

    static final Path RULES = Path.of("..", "packaging", "prometheus", "pobsync-alerts.yml");
    private static final Pattern METRIC = Pattern.compile("\\bpobsync_[a-z0-9_]+");

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        Path promtool = TestEnvironment.requireBinary("promtool");
        Files.copy(RULES, dir.resolve("pobsync-alerts.yml"));
        try (var in = getClass().getResourceAsStream("pobsync-alerts-test.yml")) {
            Files.copy(in, dir.resolve("pobsync-alerts-test.yml"));
        }
        assertThat(run(promtool.toString(), "check", "rules", "pobsync-alerts.yml")).contains("SUCCESS: 10 rules found");
        assertThat(run(promtool.toString(), "test", "rules", "pobsync-alerts-test.yml")).contains("SUCCESS");
    }

    @Test
    void everyMetricTheRulesUseIsExported() throws Exception {
        Set<String> used = new TreeSet<>();
        Matcher m = METRIC.matcher(Files.readString(RULES));
        while (m.find()) {
            used.add(m.group());
        }
        assertThat(used).contains("pobsync_host_state", "pobsync_heartbeat_age_seconds",
                "pobsync_backup_root_free_bytes");

        // A host and a worker heartbeat, so the per-host and per-component families have rows.
        fixture.newHost("rules");
        String worker = "worker:rules:1";
        fixture.app().heartbeats().beat(worker, fixture.app().clock().instant());
        try {
            String body = mvc.perform(get("/metrics").with(user(WebFixture.STAFF).roles("STAFF")))
                    .andReturn().getResponse().getContentAsString();
            for (String name : used) {
                assertThat(body).as(name).contains("# TYPE " + name + " gauge");
            }
        } finally {
            fixture.app().database().jdbc().sql("DELETE FROM service_heartbeat WHERE component = ?").param(worker)
                    .update();
        }
    }

    private String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }
}
