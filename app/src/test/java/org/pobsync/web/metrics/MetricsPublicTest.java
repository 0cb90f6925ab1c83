package org.pobsync.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.web.PobsyncWeb;

/**
 * POBSYNC_METRICS_PUBLIC=true, on a real server: Prometheus scrapes /metrics without a token,
 * while the API and the panel still need a login. /healthz never does, and says nothing but ok.
 */
class MetricsPublicTest {

    @TempDir
    Path dir;

    @Test
    void publicMetricsOpenOnlyMetrics() throws Exception {
        Map<String, String> env = new HashMap<>(TestDatabase.SQLITE.env(dir.resolve("var")));
        env.put("POBSYNC_BIND", "127.0.0.1:0");
        env.put("POBSYNC_METRICS_PUBLIC", "true");
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try (AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 4);
             PobsyncWeb.Handle web = PobsyncWeb.start(app, new PrintStream(new ByteArrayOutputStream()))) {
            HttpResponse<String> metrics = get(http, web, "metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("pobsync_runs_queued ");

            HttpResponse<String> api = get(http, web, "api/status/");
            assertThat(api.statusCode()).isEqualTo(401);
            assertThat(api.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(get(http, web, "").statusCode()).isEqualTo(302);

            HttpResponse<String> health = get(http, web, "healthz");
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");
        }
    }

    @Test
    void metricsNeedALoginByDefault() throws Exception {
        assertThat(PobsyncSettings.from(Map.of()).metricsPublic()).isFalse();
        assertThat(PobsyncSettings.from(Map.of("POBSYNC_METRICS_PUBLIC", "TRUE")).metricsPublic()).isTrue();
        assertThat(PobsyncSettings.from(Map.of("POBSYNC_METRICS_PUBLIC", "yes please")).metricsPublic()).isFalse();
    }

    private static HttpResponse<String> get(HttpClient http, PobsyncWeb.Handle web, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(web.url() + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
