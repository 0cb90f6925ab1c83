package org.pobsync.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;
import org.pobsync.engine.layout.SnapshotName;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.liveness.ProcessIdentity;
import org.pobsync.runs.RunStatus;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.InvalidInputException;

/** The prune queue against a real SQLite file: what the panel may queue, and lost workers. */
class PruneQueueTest {

    @TempDir
    Path dir;

    private AppContext app;
    private Host host;

    @BeforeEach
    void open() throws Exception {
        app = AppContext.open(PobsyncSettings.from(TestDatabase.SQLITE.env(dir.resolve("var"))), Clock.systemUTC(), 4);
        Files.createDirectories(app.globalConfig().get().backupRoot());
        host = app.hosts().save("h1", h -> h.transport(Transport.LOCAL).sourcePaths(List.of("/etc"))
                .retentionOverride(new RetentionSettings(1, null, null, null, null, null)), Editor.maintainer("t")).host();
        for (String name : List.of("20260101T021500Z", "20260102T021500Z", "20260103T021500Z")) {
            Instant started = SnapshotName.parse(name).orElseThrow().time();
            app.snapshots().insert(new SnapshotRecord(0, host.id(), host.name(), name, "/nowhere/" + name,
                    SnapshotStatus.COMPLETE, started, started.plusSeconds(60), null, null, 1L, 1L, 1L, null,
                    Instant.now(), null));
        }
    }

    @AfterEach
    void close() {
        app.close();
    }

    @Test
    void onlyAConfirmedBoundedPruneThatFitsItsBoundIsQueued() {
        PruneQueue prunes = app.prunes();
        assertThatThrownBy(() -> prunes.enqueue("h1", 2, false, "admin")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("confirm");
        assertThatThrownBy(() -> prunes.enqueue("h1", null, true, "admin")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> prunes.enqueue("h1", -1, true, "admin")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> prunes.enqueue("h1", 1, true, "admin")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("the plan deletes 2 snapshots of h1, more than --max-delete 1");
        assertThat(prunes.recent("h1", 10)).isEmpty();

        PruneRequest queued = prunes.enqueue("h1", 2, true, "admin");
        assertThat(queued.status()).isEqualTo(RunStatus.QUEUED);
        assertThat(queued.requestedBy()).isEqualTo("admin");
        assertThatThrownBy(() -> prunes.enqueue("h1", 2, true, "admin")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("already waiting");
        assertThat(prunes.recent("h1", 10)).hasSize(1);
        assertThat(app.audit().recent(null, "prune.queue", 10, 0)).hasSize(1);
    }

    @Test
    void aPlanThatPrunesNothingIsNotQueued() {
        app.hosts().save("h1", h -> h.retentionOverride(new RetentionSettings(10, null, null, null, null, null)),
                Editor.maintainer("t"));
        assertThatThrownBy(() -> app.prunes().enqueue("h1", 5, true, "admin")).isInstanceOf(ConflictException.class)
                .hasMessageContaining("deletes nothing");
    }

    @Test
    void aRequestWhoseWorkerProcessIsGoneFailsAsWorkerLost() throws Exception {
        PruneRequest queued = app.prunes().enqueue("h1", 2, true, "admin");
        // A worker process that claimed it and died: a real pid that no longer exists.
        Process dead = new ProcessBuilder("true").start();
        dead.waitFor();
        app.database().jdbc().sql("UPDATE prune_request SET status = 'running', worker_id = 'worker:x:1',"
                        + " worker_host = ?, worker_pid = ?, started_at = ?, heartbeat_at = ? WHERE id = ?")
                .params(ProcessIdentity.hostname(), dead.pid(), Instant.now().toEpochMilli(),
                        Instant.now().toEpochMilli(), queued.id())
                .update();
        assertThat(app.prunes().recoverLost(Duration.ofMinutes(10))).hasSize(1);
        PruneRequest lost = app.prunes().get(queued.id());
        assertThat(lost.status()).isEqualTo(RunStatus.FAILED);
        assertThat(lost.summary()).startsWith("worker lost");
        // The host can be pruned again.
        assertThat(app.prunes().enqueue("h1", 2, true, "admin").status()).isEqualTo(RunStatus.QUEUED);
    }

    @Test
    void aRequestWithAStaleHeartbeatFailsAsWorkerLostEvenFromAnotherMachine() {
        PruneRequest queued = app.prunes().enqueue("h1", 2, true, "admin");
        long old = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
        app.database().jdbc().sql("UPDATE prune_request SET status = 'running', worker_id = 'worker:elsewhere:7',"
                        + " worker_host = 'elsewhere', worker_pid = 7, started_at = ?, heartbeat_at = ? WHERE id = ?")
                .params(old, old, queued.id()).update();
        assertThat(app.prunes().recoverLost(Duration.ofMinutes(10))).hasSize(1);
        assertThat(app.prunes().get(queued.id()).status()).isEqualTo(RunStatus.FAILED);
    }
}
