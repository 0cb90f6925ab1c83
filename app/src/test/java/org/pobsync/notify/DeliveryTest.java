package org.pobsync.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestHttpReceiver;
import org.pobsync.testsupport.TestSmtpServer;

/**
 * Delivery that neither loses nor spams: a mail server down for an hour, a receiver that never
 * comes back, the one-message-a-minute rule, and healthchecks-style pings in order.
 */
class DeliveryTest {

    @TempDir
    Path dir;

    final TestHttpReceiver receiver = TestHttpReceiver.start();
    AlertFixture f;

    @AfterEach
    void close() {
        receiver.close();
        if (f != null) {
            f.close();
        }
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    Map<String, Long> statuses() {
        return f.app.notifications().deliveriesByStatus();
    }

    @Test
    void aMailServerDownForAnHourDelaysMessagesAndLosesNone() throws Exception {
        f = new AlertFixture(dir, TestDatabase.SQLITE, "2026-11-23T10:00:00Z");
        f.settings(null, null, 0);
        int port = freePort();
        f.app.channels().create(ChannelSpec.email("mail", "ops@example.org", "127.0.0.1", String.valueOf(port), "none",
                null, null, null).withTimeout("2"), "test");
        f.host("web1");
        f.host("db1");
        f.run("web1", RunStatus.FAILED, 255, "host unreachable");
        f.pass();
        assertThat(statuses()).containsEntry("pending", 1L);
        List<LogEntry> log = f.app.notifications().log(10, 0);
        assertThat(log.get(0).delivery().lastError()).isEqualTo("cannot connect to the SMTP server 127.0.0.1:" + port
                + ": Connection refused");
        assertThat(log.get(0).delivery().nextAttemptAt()).isEqualTo(f.clock.instant().plusSeconds(30));

        // An hour of passes every 15 s while the server is down; meanwhile db1 fails too.
        for (int i = 0; i < 240; i++) {
            f.advance(Duration.ofSeconds(15));
            if (i == 100) {
                f.run("db1", RunStatus.FAILED, 255, "authentication refused");
            }
            f.pass();
        }
        assertThat(statuses()).containsEntry("pending", 2L).containsEntry("sent", 0L).containsEntry("failed", 0L);
        int attempts = f.app.notifications().log(10, 0).stream().mapToInt(e -> e.delivery().attempts()).max().orElse(0);
        assertThat(attempts).as("30 s, 1, 2, 4, 8, 15, 15, 15 min: not every pass").isBetween(7, 10);

        try (TestSmtpServer smtp = TestSmtpServer.start(TestSmtpServer.Mode.PLAIN, port)) {
            for (int i = 0; i < 60 && statuses().get("pending") > 0; i++) {
                f.advance(Duration.ofSeconds(15));
                f.pass();
            }
            List<TestSmtpServer.Mail> mails = smtp.await(1, Duration.ofSeconds(10));
            assertThat(mails).hasSize(1);
            assertThat(mails.get(0).header("Subject")).as("both, in one message; no attempt reached a server, so"
                    + " it is no retry").isEqualTo("[pobsync] 2 notifications: 2 failing");
            assertThat(statuses()).containsEntry("sent", 2L).containsEntry("pending", 0L);
        }
    }

    @Test
    void aReceiverThatNeverComesBackIsGivenUpAfterThreeDaysAndSaysSo() {
        f = new AlertFixture(dir, TestDatabase.SQLITE, "2026-11-23T10:00:00Z");
        f.settings(null, null, 0);
        receiver.answer("/hook", 503, Duration.ZERO, "maintenance");
        f.app.channels().create(ChannelSpec.webhook("hook", receiver.url("/hook"), "generic").withTimeout("5"), "t");
        f.host("web1");
        f.run("web1", RunStatus.FAILED, 255, "boom");
        for (int i = 0; i < 3 * 24 * 4 + 8; i++) {
            f.pass();
            f.advance(Duration.ofMinutes(15));
        }
        assertThat(statuses()).containsEntry("failed", 1L).containsEntry("pending", 0L);
        Delivery d = f.app.notifications().log(1, 0).get(0).delivery();
        assertThat(d.lastError()).startsWith("gave up after ").endsWith(" attempts over 3 days: the webhook "
                + receiver.url("/").replaceAll("/$", "") + "/… answered HTTP 503: maintenance");
        assertThat(receiver.requests().size()).isEqualTo(d.attempts()).isBetween(280, 300);
    }

    @Test
    void aChannelSendsAtMostOneMessageAMinuteAndWhatWaitsGoesTogether() {
        f = new AlertFixture(dir, TestDatabase.SQLITE, "2026-11-23T10:00:00Z");
        f.settings(null, null, 0);
        f.app.channels().create(ChannelSpec.webhook("hook", receiver.url("/hook"), "generic"), "test");
        for (String h : List.of("a1", "a2", "a3")) {
            f.host(h);
        }
        f.run("a1", RunStatus.FAILED, 255, "x");
        f.pass();
        assertThat(receiver.requests()).hasSize(1);
        f.advance(Duration.ofSeconds(20));
        f.run("a2", RunStatus.FAILED, 255, "x");
        f.pass();
        f.advance(Duration.ofSeconds(20));
        f.run("a3", RunStatus.FAILED, 255, "x");
        f.pass();
        assertThat(receiver.requests()).as("within the minute: waiting").hasSize(1);
        f.advance(Duration.ofSeconds(20));
        f.pass();
        assertThat(receiver.requests()).hasSize(2);
        var batch = org.pobsync.format.Json.MAPPER.readTree(receiver.requests().get(1).body());
        assertThat(batch.get("count").asInt()).isEqualTo(2);
        assertThat(batch.get("events").findValuesAsString("host")).containsExactly("a2", "a3");
    }

    @Test
    void pingsFollowEachRunInOrderAndDryRunsAreNotPinged() {
        f = new AlertFixture(dir, TestDatabase.SQLITE, "2026-11-23T10:00:00Z");
        f.settings(null, null, 0);
        f.host("web1");
        f.app.alertSettings().configureHost("web1", new org.pobsync.status.HostAlertSettings(0, null, null, false,
                receiver.url("/ping/abc")), "test");
        f.advance(Duration.ofSeconds(1));

        BackupRun running = f.run("web1", RunStatus.RUNNING, null, null);
        f.pass();
        f.finish(running, RunStatus.SUCCEEDED, 0, null);
        f.pass();
        f.run("web1", true, RunStatus.FAILED, 255, "dry run failed");
        f.pass();
        f.run("web1", RunStatus.FAILED, 255, "host unreachable: no route to host");
        f.pass();
        f.run("web1", RunStatus.WARNING, 23, "some files could not be read");
        f.pass();
        assertThat(receiver.requests()).extracting(TestHttpReceiver.Request::path).containsExactly(
                "/ping/abc/start", "/ping/abc", "/ping/abc/start", "/ping/abc/fail", "/ping/abc/start",
                "/ping/abc/fail");
        assertThat(receiver.requests().get(3).body()).endsWith("ended failed: host unreachable: no route to host");

        // The ping service is down: the next run's /start waits for its retry, and its end waits behind it.
        receiver.answer("/ping/abc/start", 500, Duration.ZERO, "down");
        f.app.alertSettings().configureHost("web1", new org.pobsync.status.HostAlertSettings(0, null, null, true,
                receiver.url("/ping/abc")), "test");
        f.run("web1", RunStatus.WARNING, 23, "partial, but allowed now");
        f.pass();
        assertThat(receiver.requests()).hasSize(7);
        receiver.answer("/ping/abc/start", 200, Duration.ZERO, "OK");
        f.advance(Duration.ofSeconds(31));
        f.pass();
        assertThat(receiver.requests()).extracting(TestHttpReceiver.Request::path).endsWith("/ping/abc/start",
                "/ping/abc/start", "/ping/abc");
        assertThat(statuses()).containsEntry("sent", 8L).containsEntry("pending", 0L);
        f.pass();
        assertThat(receiver.requests()).as("each run is pinged once").hasSize(9);
        assertThat(Instant.now()).isNotNull();
    }
}
