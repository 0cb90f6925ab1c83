package org.pobsync.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pobsync.engine.layout.SnapshotName;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.WebFixture;

/** The one-query overviews must say exactly what the per-host lookups say. */
class StatusServiceTest {

    final WebFixture fixture = WebFixture.create();
    final StatusService status = fixture.app().status();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void overviewsAgreeWithThePerHostStatus() {
        Instant now = Instant.now();
        Host busy = fixture.newHost("busy");
        fixture.run(busy, RunStatus.SUCCEEDED, null);
        BackupRun newest = fixture.run(busy, RunStatus.FAILED, "host unreachable");
        SnapshotRecord complete = fixture.snapshot(busy, SnapshotName.of(now.minusSeconds(20 * 3600)).value(),
                SnapshotStatus.COMPLETE, null);
        SnapshotRecord partial = fixture.snapshot(busy, SnapshotName.of(now.minusSeconds(3_600)).value(),
                SnapshotStatus.PARTIAL, null);
        fixture.snapshot(busy, SnapshotName.of(now.minusSeconds(60)).value(), SnapshotStatus.INCOMPLETE, null);
        fixture.app().schedules().configure(busy.name(), "15 2 * * *", "UTC", false, true, "test");
        Host empty = fixture.newHost("empty");
        Host off = fixture.newHost("off");
        fixture.app().hosts().save(off.name(), h -> h.enabled(false), Editor.maintainer("test"));
        Host old = fixture.newHost("old");
        fixture.snapshot(old, SnapshotName.of(now.minusSeconds(40 * 3600)).value(), SnapshotStatus.COMPLETE, null);

        Map<String, HostSummary> summaries = status.hostSummaries().stream()
                .collect(Collectors.toMap(HostSummary::name, Function.identity()));
        HostSummary b = summaries.get(busy.name());
        assertThat(b.lastRunId()).isEqualTo(newest.id());
        assertThat(b.lastRunStatus()).isEqualTo(RunStatus.FAILED);
        assertThat(b.lastGoodId()).as("a partial snapshot does not count unless the host allows it")
                .isEqualTo(complete.id());
        assertThat(b.lastGoodAt()).isEqualTo(complete.finishedAt());
        assertThat(b.cronExpression()).isEqualTo("15 2 * * *");
        assertThat(b.scheduleEnabled()).isTrue();
        assertThat(b.nextRunAt()).isAfter(now);
        assertThat(b.state()).as("its newest real run failed").isEqualTo(HostState.FAILING);
        assertThat(b.health().expectation()).isEqualTo(new Expectation(Duration.ofHours(26),
                Expectation.Source.SCHEDULE));
        assertThat(b.needsAttention()).isTrue();
        assertThat(summaries.get(empty.name())).satisfies(e -> {
            assertThat(e.lastRunId()).isNull();
            assertThat(e.lastGoodId()).isNull();
            assertThat(e.hasSchedule()).isFalse();
            assertThat(e.state()).isEqualTo(HostState.OK);
            assertThat(e.health().label()).isEqualTo("no backup yet");
        });
        assertThat(summaries.get(off.name()).state()).isEqualTo(HostState.DISABLED);
        assertThat(summaries.get(old.name()).state()).as("older than the default 26 h").isEqualTo(HostState.LATE);

        fixture.app().alertSettings().configureHost(busy.name(),
                new HostAlertSettings(busy.id(), null, 2, true, null), "test");
        HostSummary allowed = status.hostSummaries().stream().filter(h -> h.id() == busy.id()).findFirst().orElseThrow();
        assertThat(allowed.lastGoodId()).as("now the partial one counts").isEqualTo(partial.id());
        assertThat(allowed.state()).as("one failure is not two").isEqualTo(HostState.OK);
        summaries = status.hostSummaries().stream().collect(Collectors.toMap(HostSummary::name, Function.identity()));

        List<StatusService.HostStatus> statuses = status.hostStatuses();
        for (StatusService.HostStatus s : statuses) {
            StatusService.HostStatus single = status.hostStatus(s.host(), now);
            HostSummary sum = summaries.get(s.host().name());
            assertThat(s.lastRun()).isEqualTo(single.lastRun());
            assertThat(s.lastGood()).isEqualTo(single.lastGood());
            assertThat(s.schedule()).isEqualTo(single.schedule());
            assertThat(s.state()).isEqualTo(single.state()).isEqualTo(sum.state());
            assertThat(sum.lastRunId()).isEqualTo(s.lastRun() == null ? null : s.lastRun().id());
            assertThat(sum.lastGoodId()).isEqualTo(s.lastGood() == null ? null : s.lastGood().id());
        }
    }

    @Test
    void restoresSayNothingAboutWhetherAHostIsBackedUp() {
        Instant now = Instant.now();
        Host failing = fixture.newHost("failing");
        fixture.snapshot(failing, SnapshotName.of(now.minusSeconds(3_600)).value(), SnapshotStatus.COMPLETE, null);
        BackupRun failedBackup = fixture.run(failing, RunStatus.FAILED, "host unreachable");
        restore(fixture.run(failing, RunStatus.SUCCEEDED, null));
        Host fine = fixture.newHost("fine");
        fixture.snapshot(fine, SnapshotName.of(now.minusSeconds(3_600)).value(), SnapshotStatus.COMPLETE, null);
        BackupRun goodBackup = fixture.run(fine, RunStatus.SUCCEEDED, null);
        restore(fixture.run(fine, RunStatus.FAILED, "target directory not writable"));

        Map<String, HostSummary> summaries = status.hostSummaries().stream()
                .collect(Collectors.toMap(HostSummary::name, Function.identity()));
        assertThat(summaries.get(failing.name()).state()).as("a restore that succeeded does not end a failing streak")
                .isEqualTo(HostState.FAILING);
        assertThat(summaries.get(failing.name()).lastRunId()).isEqualTo(failedBackup.id());
        assertThat(summaries.get(fine.name()).state()).as("a failed restore is not a failed backup").isEqualTo(HostState.OK);
        assertThat(summaries.get(fine.name()).lastRunId()).isEqualTo(goodBackup.id());
        assertThat(status.lastFinishedRuns().stream().collect(Collectors.toMap(StatusService.LastFinishedRun::host,
                StatusService.LastFinishedRun::status)))
                .isEqualTo(Map.of(failing.name(), RunStatus.FAILED, fine.name(), RunStatus.SUCCEEDED));
    }

    private void restore(BackupRun run) {
        fixture.app().database().jdbc().sql("UPDATE backup_run SET kind = 'restore' WHERE id = ?").param(run.id()).update();
    }
}
