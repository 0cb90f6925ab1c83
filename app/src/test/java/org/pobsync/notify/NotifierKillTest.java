package org.pobsync.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.format.Json;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.Await;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestHttpReceiver;

/**
 * A real worker process ({@code pobsync worker --loop}) killed with SIGKILL while its notifier
 * holds a delivery: the next worker delivers it once more, marked as a retry, and never more.
 */
class NotifierKillTest {

    @TempDir
    Path dir;

    Map<String, String> env;
    AppContext app;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        env = TestDatabase.SQLITE.env(dir.resolve("var"));
        app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 2);
        java.nio.file.Files.createDirectories(app.globalConfig().get().backupRoot()); // one alert only: web1's
        app.hosts().save("web1", h -> h.address("web1.example.net").sourcePaths(List.of("/etc")),
                Editor.maintainer("test"));
        BackupRun r = app.runs().startForeground("web1", RunTrigger.CLI, false, false, "test");
        app.runs().finish(r, RunStatus.FAILED, 255, "host unreachable", null, null, null);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        app.close();
    }

    /** A pobsync worker with its notifier, passes every second, as systemd runs it. */
    PobsyncProcess worker() {
        PobsyncProcess p = PobsyncProcess.start(env, dir.resolve("worker-" + System.nanoTime() + ".log"), "worker",
                "--loop", "--interval", "1");
        closing.add(0, p);
        return p;
    }

    Delivery delivery() {
        List<LogEntry> log = app.notifications().log(10, 0);
        assertThat(log).hasSize(1);
        return log.get(0).delivery();
    }

    /** One pass of a new worker, two minutes on (past the channel's one-message-a-minute slot). */
    void nextWorkerPass() {
        Cli later = new Cli(env, Clock.offset(Clock.systemUTC(), Duration.ofMinutes(2)));
        Cli.Result r = later.run("worker");
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    @Test
    void killedBetweenClaimAndSendItIsDeliveredOnceAfterwardsMarkedAsARetry() throws Exception {
        ServerSocket blackHole = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        closing.add(blackHole);
        List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    held.add(blackHole.accept()); // accepted, never read, never answered
                }
            } catch (IOException closed) {
                // the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        app.channels().create(ChannelSpec.webhook("hook", "http://127.0.0.1:" + blackHole.getLocalPort() + "/hook",
                "generic").withTimeout("60"), "test");

        PobsyncProcess first = worker();
        Await.until(Duration.ofSeconds(90), () -> app.notifications().logCount() == 1
                && delivery().status() == Delivery.Status.SENDING, "the worker to claim the delivery");
        assertThat(delivery().workerPid()).isEqualTo(first.pid());
        first.kill9();
        assertThat(delivery().status()).as("left claimed by a dead process").isEqualTo(Delivery.Status.SENDING);

        TestHttpReceiver receiver = TestHttpReceiver.start();
        closing.add(0, receiver);
        app.channels().update("hook", ChannelSpec.webhook("hook", receiver.url("/hook"), "generic"), "test");
        nextWorkerPass();
        assertThat(receiver.requests()).hasSize(1);
        assertThat(Json.MAPPER.readTree(receiver.requests().get(0).body()).get("retry").asBoolean()).isTrue();
        assertThat(receiver.requests().get(0).header("X-Pobsync-Retry")).isEqualTo("true");
        assertThat(delivery().status()).isEqualTo(Delivery.Status.SENT);
        assertThat(delivery().attempts()).isEqualTo(2);
        nextWorkerPass();
        assertThat(receiver.requests()).as("delivered once").hasSize(1);
    }

    @Test
    void killedBetweenSendAndRecordItSendsAtMostOneDuplicateMarkedAsARetry() throws Exception {
        TestHttpReceiver receiver = TestHttpReceiver.start();
        closing.add(receiver);
        receiver.answer("/hook", 200, Duration.ofSeconds(60), "OK"); // takes it, answers too late
        app.channels().create(ChannelSpec.webhook("hook", receiver.url("/hook"), "generic").withTimeout("60"), "test");

        PobsyncProcess first = worker();
        receiver.await(1, Duration.ofSeconds(90));
        assertThat(receiver.requests()).as("the first worker's send arrived").hasSize(1);
        first.kill9();
        assertThat(delivery().status()).isEqualTo(Delivery.Status.SENDING);

        receiver.answer("/hook", 200, Duration.ZERO, "OK");
        nextWorkerPass();
        List<TestHttpReceiver.Request> got = receiver.requests();
        assertThat(got).hasSize(2);
        assertThat(Json.MAPPER.readTree(got.get(0).body()).get("retry").asBoolean()).isFalse();
        assertThat(Json.MAPPER.readTree(got.get(1).body()).get("retry").asBoolean()).as("the duplicate says so")
                .isTrue();
        assertThat(Json.MAPPER.readTree(got.get(1).body()).get("message").asString())
                .isEqualTo(Json.MAPPER.readTree(got.get(0).body()).get("message").asString());
        assertThat(delivery().status()).isEqualTo(Delivery.Status.SENT);
        nextWorkerPass();
        assertThat(receiver.requests()).as("one duplicate at most").hasSize(2);
    }
}
