package org.pobsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.Await;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestTree;

/**
 * The README's first command: `pobsync serve` runs panel, scheduler and worker in one process,
 * creates the admin account once, executes queued backups, and stops cleanly on SIGTERM.
 */
class ServeCommandTest {

    @TempDir
    Path dir;

    @Test
    void servesThePanelRunsQueuedBackupsAndStopsOnSigterm() throws Exception {
        int port = LoopbackSshd.freePort();
        Map<String, String> env = new HashMap<>(TestDatabase.SQLITE.env(dir.resolve("var")));
        env.put("POBSYNC_BIND", "127.0.0.1:" + port);
        Cli cli = new Cli(env);
        Files.createDirectories(dir.resolve("backups"));
        TestTree.tree().file("etc/hosts", "127.0.0.1 localhost\n").create(dir.resolve("src"));
        assertThat(cli.run("manage", "configure-global", "--backup-root", dir.resolve("backups").toString()).exitCode()).isZero();
        assertThat(cli.run("manage", "configure-host", "box", "--transport", "local", "--path",
                dir.resolve("src/etc").toString()).exitCode()).isZero();

        try (PobsyncProcess serve = PobsyncProcess.start(env, dir.resolve("serve.log"), "serve", "--worker-interval", "1")) {
            serve.awaitLog("serving http://127\\.0\\.0\\.1:" + port, Duration.ofSeconds(90));
            serve.awaitLog("password:", Duration.ofSeconds(30));
            assertThat(serve.log()).contains("user name:   admin", "password:");
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> dashboard = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(dashboard.statusCode()).as("anonymous users are sent to the login page").isEqualTo(302);

            assertThat(cli.run("manage", "run-backup", "box", "--queue").exitCode()).isZero();
            Await.until(Duration.ofSeconds(60), () -> cli.run("runs", "--host", "box", "--status", "succeeded")
                    .out().contains("box"), "the queued backup to succeed in serve's worker");

            serve.term();
            int exit = serve.waitFor(Duration.ofSeconds(60));
            assertThat(List.of(0, 143)).contains(exit);
        }
        // A second start finds the account and prints no new password.
        try (PobsyncProcess again = PobsyncProcess.start(env, dir.resolve("serve2.log"), "serve")) {
            again.awaitLog("serving http://", Duration.ofSeconds(90));
            assertThat(again.log()).doesNotContain("password:");
            again.term();
            again.waitFor(Duration.ofSeconds(60));
        }
    }
}
