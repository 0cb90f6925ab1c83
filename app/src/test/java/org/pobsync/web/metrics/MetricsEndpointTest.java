package org.pobsync.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * /metrics as Prometheus scrapes it: the text format, and pobsync's gauges computed from the
 * database at the moment of the scrape (a run or snapshot recorded a moment ago is in it).
 * Access rules are in ApiAccessTest and MetricsPublicTest.
 */
@WebTest
class MetricsEndpointTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    @Test
    void perHostGaugesComeFromTheDatabaseAtScrapeTime() throws Exception {
        var app = fixture.app();
        Host host = fixture.newHost("metrics");
        String name = host.name();
        assertThat(scrape().find("pobsync_host_enabled", "host", name)).hasSize(1);
        assertThat(scrape().find("pobsync_host_last_success_timestamp_seconds", "host", name)).isEmpty();

        Instant finished = Instant.parse("2026-03-01T02:20:00Z");
        app.snapshots().insert(snapshot(host, "20260301T021500Z", SnapshotStatus.COMPLETE, finished, 1000L, 100L));
        app.snapshots().insert(snapshot(host, "20260302T021500Z", SnapshotStatus.PARTIAL,
                finished.plus(Duration.ofDays(1)), 3000L, 300L));
        app.snapshots().insert(snapshot(host, "20260228T021500Z", SnapshotStatus.DELETED, null, null, null));
        BackupRun run = app.runs().startForeground(name, RunTrigger.CLI, false, false, "test");
        app.runs().finish(run, RunStatus.WARNING, 24, null,
                new org.pobsync.engine.TransferStats(10L, 4L, 5000L, 9000L), null, null);
        long queued = app.runs().enqueue(name, RunTrigger.MANUAL, false, false, "test").id();

        PrometheusText m = scrape();
        assertThat(m.value("pobsync_host_last_success_timestamp_seconds", "host", name))
                .as("the same as last_good_snapshot").isEqualTo(finished.getEpochSecond(), within(0.001));
        for (RunStatus s : RunStatus.values()) {
            // The newest run is the queued one; the newest finished one has the duration and bytes.
            assertThat(m.value("pobsync_host_last_run_status", "host", name, "status", s.dbValue()))
                    .as(s.dbValue()).isEqualTo(s == RunStatus.QUEUED ? 1.0 : 0.0);
        }
        assertThat(m.value("pobsync_host_last_run_transferred_bytes", "host", name)).isEqualTo(5000.0);
        assertThat(m.value("pobsync_host_last_run_duration_seconds", "host", name)).isGreaterThanOrEqualTo(0.0);
        assertThat(m.value("pobsync_host_snapshots", "host", name, "status", "complete")).isEqualTo(1.0);
        assertThat(m.value("pobsync_host_snapshots", "host", name, "status", "partial")).isEqualTo(1.0);
        assertThat(m.value("pobsync_host_snapshots", "host", name, "status", "deleted")).isEqualTo(1.0);
        assertThat(m.value("pobsync_host_snapshot_size_bytes", "host", name, "status", "partial")).isEqualTo(3000.0);
        assertThat(m.value("pobsync_host_snapshot_unique_bytes", "host", name, "status", "complete")).isEqualTo(100.0);
        // The newest snapshot is partial, which does not count for this host; the complete one is
        // months old, so the host is late (and, for older dashboards, stale).
        assertThat(m.value("pobsync_host_stale", "host", name)).isEqualTo(1.0);
        assertThat(m.value("pobsync_host_state", "host", name, "state", "late")).isEqualTo(1.0);
        assertThat(m.value("pobsync_host_state", "host", name, "state", "ok")).isEqualTo(0.0);
        assertThat(m.value("pobsync_host_last_good_snapshot_timestamp_seconds", "host", name))
                .isEqualTo(finished.getEpochSecond(), within(0.001));
        assertThat(m.value("pobsync_runs_queued")).isGreaterThanOrEqualTo(1.0);
        assertThat(m.value("pobsync_runs_running")).isGreaterThanOrEqualTo(0.0);
        assertThat(m.value("pobsync_backup_root_free_bytes")).isGreaterThan(0.0);
        assertThat(m.value("pobsync_backup_root_size_bytes")).isGreaterThan(0.0);
        assertThat(m.value("pobsync_backup_root_present")).isEqualTo(1.0);
        // Every kind and every delivery status has a series even at zero, so alert rules can
        // compare against it without "absent()".
        for (String kind : new String[] {"host", "disk", "service", "schedule", "prune", "host_key"}) {
            assertThat(m.find("pobsync_alerts_active", "kind", kind)).as(kind).hasSize(1);
        }
        for (String status : new String[] {"pending", "sending", "sent", "failed"}) {
            assertThat(m.find("pobsync_notification_deliveries", "status", status)).as(status).hasSize(1);
        }
        app.runs().cancel(queued, "test");
        assertThat(scrape().value("pobsync_host_last_run_status", "host", name, "status", "cancelled")).isEqualTo(1.0);
    }

    @Test
    void heartbeatAgesAndTheJvmAreExported() throws Exception {
        var app = fixture.app();
        String component = "worker:metrics:1";
        try {
            app.heartbeats().beat(component, app.clock().instant());
            app.database().jdbc().sql("UPDATE service_heartbeat SET last_seen_at = ? WHERE component = ?")
                    .params(app.clock().instant().minusSeconds(600).toEpochMilli(), component).update();
            PrometheusText m = scrape();
            assertThat(m.value("pobsync_heartbeat_age_seconds", "component", component)).isBetween(599.0, 660.0);
            assertThat(m.find("jvm_memory_used_bytes")).isNotEmpty();
            // docs/api.md promises the HTTP request meters too (the earlier scrape was one request).
            assertThat(m.find("http_server_requests_seconds_count")).isNotEmpty();
        } finally {
            app.database().jdbc().sql("DELETE FROM service_heartbeat WHERE component = ?").param(component).update();
        }
        assertThat(scrape().find("pobsync_heartbeat_age_seconds", "component", component))
                .as("a component that is gone leaves no series").isEmpty();
    }

    @Test
    void activeAlertsAreCountedByKind() throws Exception {
        var jdbc = fixture.app().database().jdbc();
        double before = scrape().value("pobsync_alerts_active", "kind", "disk");
        jdbc.sql("INSERT INTO alert_state (kind, subject, host_name, state, message, since, notified_at)"
                + " VALUES ('disk', 'metrics-test', NULL, 'low', 'test', 0, 0)").update();
        try {
            assertThat(scrape().value("pobsync_alerts_active", "kind", "disk")).isEqualTo(before + 1);
        } finally {
            jdbc.sql("DELETE FROM alert_state WHERE subject = 'metrics-test'").update();
        }
    }

    private PrometheusText scrape() throws Exception {
        MockHttpServletResponse r = mvc.perform(get("/metrics").with(user(WebFixture.STAFF).roles("STAFF")))
                .andReturn().getResponse();
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getContentType()).isEqualTo("text/plain;version=0.0.4;charset=utf-8");
        String body = r.getContentAsString();
        assertThat(body).contains("# HELP pobsync_runs_queued Runs waiting for a worker",
                "# TYPE pobsync_runs_queued gauge");
        return PrometheusText.parse(body);
    }

    private static SnapshotRecord snapshot(Host host, String name, SnapshotStatus status, Instant finished,
                                           Long total, Long unique) {
        return new SnapshotRecord(0, host.id(), host.name(), name, "/backups/" + host.name() + "/" + name, status,
                finished == null ? null : finished.minusSeconds(300), finished, null, null, 10L, total, unique, null,
                Instant.now(), status == SnapshotStatus.DELETED ? Instant.now() : null);
    }
}
