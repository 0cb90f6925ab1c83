package org.pobsync.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.layout.DiskUsage;
import org.pobsync.format.Json;
import org.pobsync.hosts.Host;
import org.pobsync.retention.RetentionService;
import org.pobsync.runs.RunStatus;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestHttpReceiver;
import tools.jackson.databind.JsonNode;

/**
 * The alert conditions besides a host's state, each reported when it starts and when it ends,
 * and channels that take only some hosts and some conditions.
 */
class AlertConditionsTest {

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

    /** Every event the "all" channel got since the last call, in order. */
    List<JsonNode> news(String path, int[] seen) {
        List<TestHttpReceiver.Request> all = receiver.requests().stream().filter(r -> r.path().equals(path)).toList();
        List<JsonNode> out = new java.util.ArrayList<>();
        for (TestHttpReceiver.Request r : all.subList(seen[0], all.size())) {
            Json.MAPPER.readTree(r.body()).get("events").forEach(out::add);
        }
        seen[0] = all.size();
        return out;
    }

    static String line(JsonNode e) {
        return e.get("event").asString() + " " + e.get("condition").asString() + " " + e.get("subject").asString()
                + " " + e.get("state").asString();
    }

    @Test
    void everyConditionIsReportedWhenItStartsAndWhenItEnds() throws Exception {
        f = new AlertFixture(dir, TestDatabase.SQLITE, "2026-11-23T10:00:00Z");
        f.settings(null, null, 0);
        f.app.channels().create(ChannelSpec.webhook("all", receiver.url("/all"), "generic"), "test");
        Host web1 = f.host("web1");
        f.host("db1");
        f.app.channels().create(ChannelSpec.webhook("web1-only", receiver.url("/web1"), "generic")
                .withLimits("web1", "host,host_key"), "test");
        int[] seen = {0};
        f.app.heartbeats().beat("scheduler", f.clock.instant());
        f.pass();
        assertThat(news("/all", seen)).isEmpty();

        // The backup root disappears (an unmounted disk), a service stops reporting, a schedule
        // cannot queue, a prune is refused, a run meets another host key.
        Path root = f.app.globalConfig().get().backupRoot();
        Files.delete(root);
        f.advance(Duration.ofMinutes(10));
        f.app.database().jdbc().sql("INSERT INTO backup_schedule (host_id, cron_expression, time_zone, prune, enabled,"
                        + " last_error, created_at, updated_at) VALUES (?, '15 2 * * *', 'UTC', ?, ?, ?, 0, 0)")
                .params(web1.id(), false, true, "slot 02:15 UTC not queued: run 3 of the host was still queued or running")
                .update();
        f.app.database().jdbc().sql("INSERT INTO prune_request (host_id, status, max_delete, requested_by,"
                        + " requested_at, summary) VALUES (?, 'failed', 5, 'admin', 0, ?)")
                .params(web1.id(), RetentionService.boundRefusal("web1", 12, 5)).update();
        f.run("db1", RunStatus.FAILED, 255, "host key changed: the pinned key no longer matches (possible"
                + " man-in-the-middle; re-pin after verifying)");
        f.pass();
        assertThat(news("/all", seen)).extracting(AlertConditionsTest::line).containsExactlyInAnyOrder(
                "change host db1 failing",
                "change disk backup root missing",
                "change service scheduler on " + org.pobsync.liveness.ProcessIdentity.hostname() + " down",
                "change schedule web1 not_queued",
                "change prune web1 refused",
                "change host_key db1 mismatch");
        assertThat(receiver.requests().stream().filter(r -> r.path().equals("/web1"))).as("web1-only: nothing of"
                + " web1's host or host key went bad").isEmpty();

        // Everything is fine again.
        Files.createDirectories(root);
        f.advance(Duration.ofMinutes(2));
        f.app.heartbeats().beat("scheduler", f.clock.instant());
        f.app.database().jdbc().sql("UPDATE backup_schedule SET last_error = NULL").update();
        f.app.database().jdbc().sql("INSERT INTO prune_request (host_id, status, max_delete, requested_by,"
                + " requested_at, summary) VALUES (?, 'succeeded', 20, 'admin', 0, 'pruned 12')").param(web1.id()).update();
        f.run("db1", RunStatus.SUCCEEDED, 0, null);
        f.pass();
        List<JsonNode> back = news("/all", seen);
        assertThat(back).extracting(AlertConditionsTest::line).containsExactlyInAnyOrder(
                "recovered host db1 ok",
                "recovered disk backup root ok",
                "recovered service scheduler on " + org.pobsync.liveness.ProcessIdentity.hostname() + " up",
                "recovered schedule web1 ok",
                "recovered prune web1 ok",
                "recovered host_key db1 ok");
        assertThat(f.app.notifications().activeAlerts()).isEmpty();

        // web1-only takes web1's host and host-key news, nothing else.
        f.advance(Duration.ofMinutes(2));
        f.run("web1", RunStatus.FAILED, 255, "host key changed: the pinned key no longer matches");
        f.pass();
        assertThat(news("/all", seen)).extracting(AlertConditionsTest::line).containsExactlyInAnyOrder(
                "change host web1 failing", "change host_key web1 mismatch");
        int[] web1Seen = {0};
        assertThat(news("/web1", web1Seen)).extracting(AlertConditionsTest::line).containsExactlyInAnyOrder(
                "change host web1 failing", "change host_key web1 mismatch");
        assertThat(f.app.notifications().activeAlerts()).extracting(NotificationService.ActiveAlert::subject)
                .containsExactlyInAnyOrder("web1", "web1");
    }

    @Test
    void disablingAHostOrTakingAServiceAwayIsNotARecovery() {
        f = new AlertFixture(dir, TestDatabase.SQLITE, "2026-11-23T10:00:00Z");
        f.settings(null, null, 0);
        f.app.channels().create(ChannelSpec.webhook("all", receiver.url("/all"), "generic"), "test");
        f.host("web1");
        f.run("web1", RunStatus.FAILED, 255, "boom");
        f.app.heartbeats().beat("worker:old-box", f.clock.instant());
        f.app.database().jdbc().sql("UPDATE service_heartbeat SET last_seen_at = ?")
                .param(f.clock.instant().minus(Duration.ofMinutes(30)).toEpochMilli()).update();
        int[] seen = {0};
        f.pass();
        assertThat(news("/all", seen)).extracting(AlertConditionsTest::line).containsExactlyInAnyOrder(
                "change host web1 failing", "change service worker on " + org.pobsync.liveness.ProcessIdentity.hostname()
                        + " down");
        f.app.hosts().save("web1", h -> h.enabled(false), org.pobsync.hosts.HostService.Editor.maintainer("test"));
        f.advance(Duration.ofDays(8));
        f.pass();
        assertThat(news("/all", seen)).isEmpty();
        assertThat(f.app.notifications().activeAlerts()).isEmpty();
    }

    @Test
    void theBackupRootIsLowUnderTheThresholdAndMissingWhenItIsNotThere() {
        Condition low = Conditions.disk(new DiskUsage(Path.of("/srv/backups"), true, 1000L << 30, 50L << 30), 10);
        assertThat(low.bad()).isTrue();
        assertThat(low.state()).isEqualTo("low");
        assertThat(low.message()).isEqualTo("the backup root /srv/backups has 50.0 GiB free of 1000 GiB (5 %),"
                + " under the 10 % threshold");
        assertThat(Conditions.disk(new DiskUsage(Path.of("/srv/backups"), true, 1000L << 30, 100L << 30), 10).bad())
                .as("exactly 10 %").isFalse();
        assertThat(Conditions.disk(new DiskUsage(Path.of("/srv/backups"), true, 1000L << 30, 5L << 30), 0).bad())
                .as("threshold 0: off").isFalse();
        assertThat(Conditions.disk(new DiskUsage(Path.of("/srv/backups"), false, 0, 0), 10).state()).isEqualTo("missing");
    }
}
