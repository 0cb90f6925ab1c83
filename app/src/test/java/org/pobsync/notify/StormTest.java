package org.pobsync.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.format.Json;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestHttpReceiver;
import org.pobsync.testsupport.TestSmtpServer;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** 1,000 hosts failing at once are one message per channel, not 1,000 mails. */
class StormTest {

    static final int HOSTS = 1000;

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

    /** {@code n} hosts, each with one failed run, written in two batches (the services would take minutes). */
    static void failingHosts(AlertFixture f, int n) {
        long now = f.clock.millis();
        List<Object[]> hosts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hosts.add(new Object[] {String.format("storm-%04d", i), "storm.example.net", "ssh", false, "[\"/etc\"]", "[]",
                    "[]", false, true, now, now});
        }
        JdbcTemplate jdbc = new JdbcTemplate(f.app.database().dataSource());
        f.app.database().tx().executeWithoutResult(tx -> {
            jdbc.batchUpdate("INSERT INTO host (name, address, transport, use_sudo, source_paths, exclude_patterns,"
                    + " rsync_options, retention_override, enabled, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", hosts);
            jdbc.update("INSERT INTO backup_run (host_id, trigger_kind, dry_run, prune, status, cancel_requested,"
                    + " queued_at, started_at, finished_at, rsync_exit_code, error_summary)"
                    + " SELECT id, 'schedule', ?, ?, 'failed', ?, ?, ?, ?, 255, 'host unreachable: connect timed out'"
                    + " FROM host WHERE name LIKE 'storm-%'", false, false, false, now, now, now);
        });
    }

    @Test
    void aThousandHostsFailingAtOnceAreOneMessagePerChannel() {
        f = new AlertFixture(dir, TestDatabase.SQLITE, "2026-11-23T10:00:00Z");
        f.settings(24, null, 0);
        try (TestSmtpServer smtp = TestSmtpServer.start(TestSmtpServer.Mode.PLAIN, null, null)) {
            f.app.channels().create(ChannelSpec.email("mail", "ops@example.org", "127.0.0.1",
                    String.valueOf(smtp.port()), "none", null, null, null), "test");
            f.app.channels().create(ChannelSpec.webhook("hook", receiver.url("/hook"), "generic"), "test");
            f.app.channels().create(ChannelSpec.webhook("ntfy", receiver.url("/ntfy"), "ntfy"), "test");
            failingHosts(f, HOSTS);

            long started = System.nanoTime();
            Notifier.PassResult r = f.pass();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("storm: " + HOSTS + " hosts failing: one notifier pass took " + took.toMillis() + " ms: "
                    + r);
            assertThat(r.tracked().changed()).isEqualTo(HOSTS);
            assertThat(r.sent().messages()).as("one per channel").isEqualTo(3);
            assertThat(r.sent().deliveries()).isEqualTo(3 * HOSTS);

            List<TestSmtpServer.Mail> mails = smtp.await(1, Duration.ofSeconds(10));
            assertThat(mails).hasSize(1);
            assertThat(mails.get(0).header("Subject")).isEqualTo("[pobsync] 1000 notifications: 1000 failing");
            assertThat(mails.get(0).body()).contains("storm-0000 is failing", "and 900 more");
            List<TestHttpReceiver.Request> hooks = receiver.requests();
            assertThat(hooks).hasSize(2);
            JsonNode generic = Json.MAPPER.readTree(hooks.stream().filter(h -> h.path().equals("/hook")).findFirst()
                    .orElseThrow().body());
            assertThat(generic.get("count").asInt()).isEqualTo(HOSTS);
            assertThat(generic.get("events")).hasSize(HOSTS);
            TestHttpReceiver.Request ntfy = hooks.stream().filter(h -> h.path().equals("/ntfy")).findFirst().orElseThrow();
            assertThat(ntfy.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
            assertThat(ntfy.header("Title")).isEqualTo("1000 notifications: 1000 failing");

            // Passes in the next minutes: nothing new is nothing sent; the reminders, a day later,
            // are again one message per channel.
            for (int i = 0; i < 4; i++) {
                f.advance(Duration.ofSeconds(15));
                f.pass();
            }
            assertThat(smtp.mails()).hasSize(1);
            assertThat(receiver.requests()).hasSize(2);
            f.advance(Duration.ofHours(24));
            f.pass();
            assertThat(smtp.await(2, Duration.ofSeconds(10))).hasSize(2);
            assertThat(smtp.mails().get(1).header("Subject")).isEqualTo("[pobsync] 1000 notifications: 1000 still failing");
        }
    }
}
