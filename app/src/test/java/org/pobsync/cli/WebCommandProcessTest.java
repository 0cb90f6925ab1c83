package org.pobsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
        Path out = dir.resolve("out");
        Process web = PobsyncProcess.start(env, out, "web", "web");
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!PobsyncProcess.output(out, "web").contains("pobsync: web panel on")) {
                assertThat(web.isAlive()).as(PobsyncProcess.output(out, "web")).isTrue();
                assertThat(System.nanoTime()).as("started within 120 s").isLessThan(deadline);
                Thread.sleep(200);
            }
            String started = PobsyncProcess.output(out, "web");
            assertThat(started).contains("user name: admin", "password:", "http://127.0.0.1:" + port + "/");

            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");
            HttpResponse<String> dashboard = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(dashboard.statusCode()).isEqualTo(302);
            assertThat(dashboard.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        } finally {
            web.destroy(); // SIGTERM
        }
        assertThat(web.waitFor(60, TimeUnit.SECONDS)).as(PobsyncProcess.output(out, "web")).isTrue();
        assertThat(PobsyncProcess.output(out, "web")).contains("pobsync web panel stopped");
    }
}
