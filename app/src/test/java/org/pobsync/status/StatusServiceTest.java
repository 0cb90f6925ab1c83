package org.pobsync.status;

import static org.assertj.core.api.Assertions.assertThat;

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
        fixture.snapshot(busy, SnapshotName.of(now.minusSeconds(90_000)).value(), SnapshotStatus.COMPLETE, null);
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
        assertThat(b.lastGoodId()).as("the newest complete or partial one").isEqualTo(partial.id());
        assertThat(b.lastGoodAt()).isEqualTo(partial.finishedAt());
        assertThat(b.cronExpression()).isEqualTo("15 2 * * *");
        assertThat(b.scheduleEnabled()).isTrue();
        assertThat(b.nextRunAt()).isAfter(now);
        assertThat(b.stale()).isFalse();
        assertThat(b.needsAttention()).as("its newest run failed").isTrue();
        assertThat(summaries.get(empty.name())).satisfies(e -> {
            assertThat(e.lastRunId()).isNull();
            assertThat(e.lastGoodId()).isNull();
            assertThat(e.hasSchedule()).isFalse();
            assertThat(e.stale()).isTrue();
        });
        assertThat(summaries.get(off.name()).stale()).as("disabled hosts are never stale").isFalse();
        assertThat(summaries.get(old.name()).stale()).as("older than 36 h").isTrue();

        List<StatusService.HostStatus> statuses = status.hostStatuses();
        for (StatusService.HostStatus s : statuses) {
            StatusService.HostStatus single = status.hostStatus(s.host(), now);
            HostSummary sum = summaries.get(s.host().name());
            assertThat(s.lastRun()).isEqualTo(single.lastRun());
            assertThat(s.lastGood()).isEqualTo(single.lastGood());
            assertThat(s.schedule()).isEqualTo(single.schedule());
            assertThat(s.stale()).isEqualTo(single.stale()).isEqualTo(sum.stale());
            assertThat(sum.lastRunId()).isEqualTo(s.lastRun() == null ? null : s.lastRun().id());
            assertThat(sum.lastGoodId()).isEqualTo(s.lastGood() == null ? null : s.lastGood().id());
        }
    }
}
