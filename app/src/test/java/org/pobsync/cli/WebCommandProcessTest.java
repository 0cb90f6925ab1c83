package org.pobsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.TestDatabase;

/** {@code pobsync web} as operators run it: a separate JVM that serves until SIGTERM, then stops cleanly. */
class WebCommandProcessTest {

    @TempDir
    Path dir;

    @Test
    void webServesUntilSigtermAndStopsCleanly() throws Exception {
        int port = LoopbackSshd.freePort();
        Map<String, String> env = TestDatabase.SQLITE.env(dir.resolve("var"));
        env.put("POBSYNC_BIND", "127.0.0.1:" + port);
        try (PobsyncProcess web = PobsyncProcess.start(env, dir.resolve("web.log"), "web")) {
            web.awaitLog("pobsync: web panel on http://127\\.0\\.0\\.1:" + port + "/", Duration.ofSeconds(120));
            web.awaitLog("password:", Duration.ofSeconds(30));
            assertThat(web.log()).contains("user name:   admin", "password:");

            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");
            HttpResponse<String> dashboard = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(dashboard.statusCode()).isEqualTo(302);
            assertThat(dashboard.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));

            web.term();
            web.waitFor(Duration.ofSeconds(60));
            assertThat(web.log()).contains("pobsync web panel stopped");
        }
    }
}
