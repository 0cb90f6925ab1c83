package org.pobsync.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.format.Json;
import org.pobsync.hosts.Host;
import org.pobsync.runs.RunStatus;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestHttpReceiver;
import tools.jackson.databind.JsonNode;

/**
 * The whole state machine with a fixed clock, as a webhook receiver sees it: never, failing,
 * recovered, late, a reminder, the daily digest, and nothing twice.
 */
class NotifierTest {

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

    List<JsonNode> received() {
        return receiver.requests().stream().map(r -> Json.MAPPER.readTree(r.body())).toList();
    }

    JsonNode last() {
        List<JsonNode> all = received();
        return all.get(all.size() - 1);
    }

    @Test
    void aHostGoesNeverFailingRecoveredLateStillLateAndTheDigestComesOncePerDay() {
        f = new AlertFixture(dir, TestDatabase.SQLITE, "2026-11-23T00:00:00Z");
        f.settings(24, 23, 0);
        f.app.channels().create(ChannelSpec.webhook("hook", receiver.url("/hook"), "generic"), "test");
        Host web1 = f.host("web1");

        f.pass();
        assertThat(receiver.requests()).as("a new host has no backup yet: nothing to say").isEmpty();

        f.advance(Duration.ofHours(27));
        f.pass();
        assertThat(received()).hasSize(1);
        assertThat(last().get("event").asString()).isEqualTo("change");
        assertThat(last().get("host").asString()).isEqualTo("web1");
        assertThat(last().get("state").asString()).isEqualTo("never");
        assertThat(last().get("previous_state").asString()).isEqualTo("ok");
        assertThat(last().get("message").asString()).isEqualTo("web1 is never backed up: no good snapshot since the"
                + " host was added 27 h ago");
        assertThat(last().get("url").asString()).isEqualTo("https://backup.example.org/hosts/web1/");

        f.advance(Duration.ofMinutes(1));
        f.run("web1", RunStatus.FAILED, 255, "host unreachable: connection refused");
        f.pass();
        assertThat(received()).hasSize(2);
        assertThat(last().get("state").asString()).isEqualTo("failing");
        assertThat(last().get("previous_state").asString()).isEqualTo("never");

        f.advance(Duration.ofMinutes(1));
        f.pass();
        assertThat(received()).as("no change, no message").hasSize(2);

        f.run("web1", RunStatus.SUCCEEDED, 0, null);
        f.snapshot(web1, SnapshotStatus.COMPLETE);
        f.pass();
        assertThat(received()).hasSize(3);
        assertThat(last().get("event").asString()).isEqualTo("recovered");
        assertThat(last().get("state").asString()).isEqualTo("ok");
        assertThat(last().get("previous_state").asString()).isEqualTo("failing");

        f.advance(Duration.ofHours(27));
        f.pass();
        assertThat(received()).hasSize(4);
        assertThat(last().get("state").asString()).isEqualTo("late");
        assertThat(last().get("message").asString()).isEqualTo("web1 is late: no good snapshot for 27 h (expected"
                + " every 26 h)");

        f.advance(Duration.ofHours(23));
        f.pass();
        assertThat(received()).as("a reminder only after 24 h").hasSize(4);
        f.advance(Duration.ofHours(1));
        f.pass();
        assertThat(received()).hasSize(5);
        assertThat(last().get("event").asString()).isEqualTo("reminder");
        assertThat(last().get("state").asString()).isEqualTo("late");
        assertThat(last().get("message").asString()).endsWith("(since 1 d 0 h)");

        f.advance(Duration.ofHours(1));
        f.pass();
        assertThat(received()).hasSize(5);

        // 2026-11-26 06:03 now; the digest is due at 23:00.
        f.clock.set(java.time.Instant.parse("2026-11-26T23:00:00Z"));
        f.pass();
        assertThat(received()).hasSize(6);
        assertThat(last().get("event").asString()).isEqualTo("digest");
        assertThat(last().get("condition").asString()).isEqualTo("digest");
        assertThat(last().get("message").asString()).startsWith("1 of 1 host needs attention.")
                .contains("web1: late - no good snapshot for");
        f.advance(Duration.ofMinutes(5));
        f.pass();
        assertThat(received()).as("one digest a day").hasSize(6);
        f.advance(Duration.ofDays(1));
        f.pass();
        assertThat(received()).hasSize(7);
        assertThat(last().get("event").asString()).as("the next digest and the next reminder, in one message")
                .isEqualTo("batch");
        assertThat(last().get("events").findValuesAsString("event")).containsExactly("reminder", "digest");
    }
}
