package org.pobsync.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pobsync.format.Json;
import org.pobsync.status.AlertSettings;
import org.pobsync.testsupport.TestHttpReceiver;
import org.pobsync.testsupport.WebFixture;
import tools.jackson.databind.JsonNode;

/** Webhooks (generic, ntfy, Slack) and pings to a real HTTP server, and each way a receiver can fail. */
class HttpSenderTest {

    static final AlertSettings LINKS = new AlertSettings(26, 24, null, 10, "https://backup.example.org", null);
    static final NotificationEvent FAILING = new NotificationEvent(7, EventKind.CHANGE, AlertKind.HOST, "web1", "web1",
            "failing", "ok", "web1 is failing: the last run failed: host unreachable",
            Instant.parse("2026-11-23T02:16:00Z"));
    static final NotificationEvent RECOVERED = new NotificationEvent(8, EventKind.RECOVERED, AlertKind.HOST, "db1",
            "db1", "ok", "late", "db1 is ok again", Instant.parse("2026-11-23T02:17:00Z"));

    final WebFixture fixture = WebFixture.create();
    final ChannelService channels = fixture.app().channels();
    final HttpSender sender = new HttpSender(channels, null);
    final TestHttpReceiver receiver = TestHttpReceiver.start();

    @AfterEach
    void close() {
        receiver.close();
        fixture.close();
    }

    Channel webhook(String name, String path, String preset) {
        return channels.create(ChannelSpec.webhook(name, receiver.url(path), preset).withTimeout("5"), "test");
    }

    @Test
    void theGenericBodyHasTheDocumentedFieldsAndTheSecretHeader() throws Exception {
        Channel c = channels.create(ChannelSpec.webhook("hook", receiver.url("/hook/s3cr3t-path"), "generic")
                .withSecretHeader("X-Auth-Token", "tok-123"), "test");
        sender.webhook(c, new Message(List.of(FAILING), false, LINKS), Instant.now());
        TestHttpReceiver.Request r = receiver.await(1, Duration.ofSeconds(5)).get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.header("Content-Type")).isEqualTo("application/json");
        assertThat(r.header("X-Auth-Token")).isEqualTo("tok-123");
        assertThat(r.header("X-Pobsync-Retry")).isNull();
        JsonNode body = Json.MAPPER.readTree(r.body());
        assertThat(body.get("event").asString()).isEqualTo("change");
        assertThat(body.get("condition").asString()).isEqualTo("host");
        assertThat(body.get("host").asString()).isEqualTo("web1");
        assertThat(body.get("state").asString()).isEqualTo("failing");
        assertThat(body.get("previous_state").asString()).isEqualTo("ok");
        assertThat(body.get("message").asString()).isEqualTo("web1 is failing: the last run failed: host unreachable");
        assertThat(body.get("time").asString()).isEqualTo("2026-11-23T02:16:00Z");
        assertThat(body.get("url").asString()).isEqualTo("https://backup.example.org/hosts/web1/");
        assertThat(body.get("retry").asBoolean()).isFalse();
        assertThat(body.get("events")).hasSize(1);

        sender.webhook(c, new Message(List.of(FAILING, RECOVERED), true, LINKS), Instant.now());
        TestHttpReceiver.Request batch = receiver.await(2, Duration.ofSeconds(5)).get(1);
        JsonNode b = Json.MAPPER.readTree(batch.body());
        assertThat(b.get("event").asString()).isEqualTo("batch");
        assertThat(b.get("host").isNull()).isTrue();
        assertThat(b.get("count").asInt()).isEqualTo(2);
        assertThat(b.get("retry").asBoolean()).isTrue();
        assertThat(batch.header("X-Pobsync-Retry")).isEqualTo("true");
        assertThat(b.get("message").asString()).isEqualTo("2 notifications: 1 failing, 1 recovered (retry)");
        assertThat(b.get("events").get(1).get("previous_state").asString()).isEqualTo("late");
    }

    @Test
    void ntfyAndSlackPresetsShapeTheBodyForTheirReceivers() throws Exception {
        sender.webhook(webhook("ntfy", "/pobsync-alerts", "ntfy"), new Message(List.of(FAILING), false, LINKS),
                Instant.now());
        sender.webhook(webhook("slack", "/services/T0/B0/x", "slack"),
                new Message(List.of(RECOVERED), false, LINKS), Instant.now());
        List<TestHttpReceiver.Request> got = receiver.await(2, Duration.ofSeconds(5));
        TestHttpReceiver.Request ntfy = got.get(0);
        assertThat(ntfy.header("Title")).isEqualTo("web1 is failing");
        assertThat(ntfy.header("Priority")).isEqualTo("high");
        assertThat(ntfy.header("Tags")).isEqualTo("warning");
        assertThat(ntfy.body()).startsWith("web1 is failing: the last run failed: host unreachable")
                .contains("https://backup.example.org/hosts/web1/").doesNotContain("-- ");
        JsonNode slack = Json.MAPPER.readTree(got.get(1).body());
        assertThat(slack.propertyNames()).containsExactly("text");
        assertThat(slack.get("text").asString()).isEqualTo(
                "*db1 recovered*\ndb1 is ok again <https://backup.example.org/hosts/db1/|open>");
    }

    @Test
    void aFailingOrHangingReceiverIsAClearErrorWithinTheTimeout() throws Exception {
        receiver.answer("/boom", 500, Duration.ZERO, "boom: database is locked\nstack...");
        receiver.answer("/slow", 200, Duration.ofSeconds(60), "late");
        Message m = new Message(List.of(FAILING), false, LINKS);
        String origin = receiver.url("/").replaceAll("/$", "");
        assertThatThrownBy(() -> sender.webhook(webhook("boom", "/boom", "generic"), m, Instant.now()))
                .isInstanceOf(SendFailure.class)
                .hasMessage("the webhook " + origin + "/… answered HTTP 500: boom: database is locked");
        Channel slow = channels.create(ChannelSpec.webhook("slow", receiver.url("/slow"), "generic").withTimeout("2"),
                "test");
        long started = System.nanoTime();
        assertThatThrownBy(() -> sender.webhook(slow, m, Instant.now()))
                .hasMessage("the webhook " + origin + "/… did not answer within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("not the receiver's 60 s")
                .isLessThan(Duration.ofSeconds(10));
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Channel refused = channels.create(ChannelSpec.webhook("refused", "http://127.0.0.1:" + closed + "/x", "generic"),
                "test");
        assertThatThrownBy(() -> sender.webhook(refused, m, Instant.now()))
                .hasMessage("cannot connect to the webhook http://127.0.0.1:" + closed + "/… : connection refused"
                        .replace("/… :", "/…:"));
        Channel unknown = channels.create(ChannelSpec.webhook("unknown", "http://no-such-host.invalid/x", "generic"),
                "test");
        assertThatThrownBy(() -> sender.webhook(unknown, m, Instant.now()))
                .hasMessage("cannot connect to the webhook http://no-such-host.invalid/…: unknown host");
    }

    @Test
    void pingsGoToStartTheUrlAndFailWithTheRunsNewsAsBody() throws Exception {
        String base = receiver.url("/ping/uuid-1");
        sender.ping(base, "/start", "run 4 of web1 started");
        sender.ping(base + "/", "", "run 4 of web1 ended succeeded");
        sender.ping(base + "?rid=4", "/fail", "run 5 of web1 ended failed");
        List<TestHttpReceiver.Request> got = receiver.await(3, Duration.ofSeconds(5));
        assertThat(got).extracting(TestHttpReceiver.Request::path)
                .containsExactly("/ping/uuid-1/start", "/ping/uuid-1/", "/ping/uuid-1/fail");
        assertThat(got.get(2).query()).isEqualTo("rid=4");
        assertThat(got.get(0).body()).isEqualTo("run 4 of web1 started");
        receiver.answer("/ping/uuid-2/fail", 404, Duration.ZERO, "not found");
        assertThatThrownBy(() -> sender.ping(receiver.url("/ping/uuid-2"), "/fail", "x"))
                .hasMessageContaining("the ping URL http://127.0.0.1:").hasMessageContaining("answered HTTP 404")
                .hasMessageNotContaining("uuid-2");
    }
}
