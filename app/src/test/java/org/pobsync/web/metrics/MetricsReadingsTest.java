package org.pobsync.web.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pobsync.app.AppContext;
import org.pobsync.engine.TransferStats;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.status.HostState;
import org.pobsync.runs.RunTrigger;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.TestDatabase;

/** The scrape-time queries behind /metrics, on both databases (the endpoint test runs on SQLite). */
class MetricsReadingsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void readsTheLastFinishedRunSnapshotGroupsAndTheQueue(TestDatabase db) {
        try (AppContext app = AppContext.open(PobsyncSettings.from(db.env(dir)), Clock.systemUTC(), 2)) {
            app.hosts().save("web1", h -> h.address("web1.example.net").sourcePaths(List.of("/etc")),
                    Editor.maintainer("test"));
            BackupRun dry = app.runs().startForeground("web1", RunTrigger.CLI, true, false, "test");
            app.runs().finish(dry, RunStatus.SUCCEEDED, 0, null, new TransferStats(1, 1, 111, 111), null, null);
            BackupRun real = app.runs().startForeground("web1", RunTrigger.CLI, false, false, "test");
            app.runs().finish(real, RunStatus.FAILED, 255, "host unreachable", new TransferStats(2, 2, 222, 222), null,
                    null);
            BackupRun later = app.runs().startForeground("web1", RunTrigger.CLI, true, false, "test");
            app.runs().finish(later, RunStatus.SUCCEEDED, 0, null, new TransferStats(3, 3, 333, 333), null, null);
            app.runs().enqueue("web1", RunTrigger.MANUAL, false, false, "test");
            app.heartbeats().beat("scheduler", Instant.now());

            MetricsReadings r = MetricsReadings.read(app.status(), app.heartbeats(), app.notifications(), app.clock());

            assertThat(r.lastFinished()).singleElement().satisfies(f -> {
                assertThat(f.host()).isEqualTo("web1");
                assertThat(f.status()).as("dry runs are left out").isEqualTo(RunStatus.FAILED);
                assertThat(f.bytesTransferred()).isEqualTo(222L);
                assertThat(f.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
            });
            assertThat(r.hosts()).singleElement().satisfies(h -> {
                assertThat(h.lastRunStatus()).isEqualTo(RunStatus.QUEUED);
                assertThat(h.lastGood()).isNull();
                assertThat(h.health().state()).as("its one real run failed").isEqualTo(HostState.FAILING);
            });
            assertThat(r.snapshots()).isEmpty();
            assertThat(r.queued()).isEqualTo(1);
            assertThat(r.running()).isZero();
            assertThat(r.heartbeats()).extracting(MetricsReadings.HeartbeatAge::component).containsExactly("scheduler");
        }
    }
}
