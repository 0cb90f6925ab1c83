package org.pobsync.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.engine.Transport;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.Await;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestTree;

/**
 * The snapshot records of runs whose worker was lost, against real rsync (local transport) and
 * real SQLite: the incomplete snapshot is recorded when rsync starts (so retention's "stale
 * incomplete" rule can remove it), recovery reads a lost run's snapshot back from the disk, and a
 * run whose claim another worker ended is fenced off: its rsync ends, its writes are refused.
 */
class LostRunRecordsTest {

    @TempDir
    Path dir;

    AppContext app;
    Path root;
    final ExecutorService thread = Executors.newSingleThreadExecutor();

    @BeforeEach
    void open() throws Exception {
        app = AppContext.open(PobsyncSettings.from(TestDatabase.SQLITE.env(dir.resolve("var"))), Clock.systemUTC(), 4);
        root = Files.createDirectories(app.globalConfig().get().backupRoot());
        TestTree.tree().file("small/a.txt", "a\n").largeFile("large/blob.bin", 8L * 1024 * 1024, 5)
                .create(dir.resolve("src"));
    }

    @AfterEach
    void close() throws Exception {
        thread.shutdownNow();
        thread.awaitTermination(30, TimeUnit.SECONDS);
        app.close();
    }

    @Test
    void theIncompleteSnapshotIsRecordedWhileRsyncRuns() throws Exception {
        host("web1", "large", 1000);
        BackupRun run = claim("web1");
        Future<BackupRun> end = thread.submit(() -> app.backups().execute(run, BackupObserver.NONE));

        String name = Await.value(Duration.ofSeconds(30), () -> app.runs().get(run.id()).snapshotName(), "rsync to start");
        SnapshotRecord record = Await.value(Duration.ofSeconds(10),
                () -> app.snapshots().find(run.hostId(), name).orElse(null), "the incomplete snapshot's record");
        assertThat(record.status()).isEqualTo(SnapshotStatus.INCOMPLETE);
        assertThat(record.path()).isEqualTo(root.resolve("web1").resolve(name + ".incomplete").toString());
        assertThat(record.runId()).isEqualTo(run.id());
        assertThat(app.runs().get(run.id()).status()).isEqualTo(RunStatus.RUNNING);

        app.runs().cancel(run.id(), "t");
        assertThat(end.get(60, TimeUnit.SECONDS).status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void aRunWhoseClaimAnotherWorkerEndedStopsItsRsyncAndOnlyAddsANote() throws Exception {
        host("web1", "large", 1000);
        BackupRun run = claim("web1");
        Future<BackupRun> end = thread.submit(() -> app.backups().execute(run, BackupObserver.NONE));
        long rsync = Await.value(Duration.ofSeconds(30), () -> app.runs().get(run.id()).rsyncPid(), "rsync to start");

        // What a worker on another machine does when this run's heartbeat went stale: it cannot
        // end this rsync, only the run (and it frees the host).
        assertThat(new RunRepository(app.database()).finish(run.id(), null, RunStatus.FAILED, null,
                RunService.WORKER_LOST, null, null, null, Instant.now())).isTrue();

        BackupRun after = end.get(30, TimeUnit.SECONDS);
        assertThat(Await.gone(rsync)).isTrue();
        String name = after.snapshotName();
        assertThat(after.status()).isEqualTo(RunStatus.FAILED);
        assertThat(after.errorSummary()).isEqualTo("worker lost; the worker was not gone after all: it ended the"
                + " backup afterwards as cancelled, snapshot " + name + " left incomplete");
        assertThat(root.resolve("web1").resolve(name + ".incomplete")).isDirectory();
        assertThat(app.snapshots().find(run.hostId(), name).orElseThrow().status()).isEqualTo(SnapshotStatus.INCOMPLETE);
    }

    @Test
    void recoveryRecordsTheIncompleteDirectoryOfALostRunThatHasNoRecord() throws Exception {
        host("web1", "small", null);
        BackupRun run = claim("web1");
        // A run of a worker that died, started before records were made at start: a directory only.
        String name = "20260101T000000Z";
        Files.createDirectories(root.resolve("web1").resolve(name + ".incomplete/data"));
        app.database().jdbc().sql("UPDATE backup_run SET snapshot_name = ?, worker_pid = ?, worker_instance = 'gone'"
                + " WHERE id = ?").params(name, deadPid(), run.id()).update();

        assertThat(app.runs().recoverLostRuns(null)).extracting(BackupRun::id).containsExactly(run.id());

        BackupRun lost = app.runs().get(run.id());
        assertThat(lost.status()).isEqualTo(RunStatus.FAILED);
        assertThat(lost.errorSummary()).isEqualTo("worker lost");
        SnapshotRecord record = app.snapshots().find(run.hostId(), name).orElseThrow();
        assertThat(record.status()).isEqualTo(SnapshotStatus.INCOMPLETE);
        assertThat(record.runId()).isEqualTo(run.id());
        assertThat(lost.snapshotId()).isEqualTo(record.id());
    }

    /** A worker that died after renaming its finished snapshot, before recording anything. */
    @Test
    void recoveryReadsAFinishedSnapshotOfALostRunFromTheDisk() throws Exception {
        host("web1", "small", null);
        BackupRun done = app.backups().execute(app.runs().startForeground("web1", RunTrigger.CLI, false, false, "t"),
                BackupObserver.NONE);
        assertThat(done.status()).isEqualTo(RunStatus.SUCCEEDED);
        // Rewind the database to the moment before the worker recorded the end.
        app.database().jdbc().sql("DELETE FROM snapshot_record WHERE run_id = ?").param(done.id()).update();
        app.database().jdbc().sql("UPDATE backup_run SET status = 'running', finished_at = NULL, snapshot_id = NULL,"
                + " worker_pid = ?, worker_instance = 'gone' WHERE id = ?").params(deadPid(), done.id()).update();
        app.database().jdbc().sql("UPDATE host SET active_run_id = ? WHERE id = ?").params(done.id(), done.hostId())
                .update();

        app.runs().recoverLostRuns(null);

        BackupRun lost = app.runs().get(done.id());
        SnapshotRecord record = app.snapshots().find(done.hostId(), done.snapshotName()).orElseThrow();
        assertThat(lost.status()).isEqualTo(RunStatus.WARNING);
        assertThat(lost.errorSummary()).isEqualTo("worker lost after the snapshot was finished: " + done.snapshotName()
                + " is complete on disk and was recorded from its snapshot.json");
        assertThat(lost.rsyncExitCode()).isZero();
        assertThat(lost.snapshotId()).isEqualTo(record.id());
        assertThat(record.status()).isEqualTo(SnapshotStatus.COMPLETE);
        assertThat(record.path()).isEqualTo(root.resolve("web1").resolve(done.snapshotName()).toString());
        assertThat(record.runId()).isEqualTo(done.id());
        assertThat(record.fileCount()).isEqualTo(done.filesTotal());
        assertThat(app.runs().startForeground("web1", RunTrigger.CLI, true, false, "t").status())
                .as("the host is free again").isEqualTo(RunStatus.RUNNING);
    }

    private void host(String name, String subdir, Integer bwlimit) {
        app.hosts().save(name, h -> h.transport(Transport.LOCAL)
                .sourcePaths(List.of(dir.resolve("src").resolve(subdir).toString())).bwlimitKbps(bwlimit),
                Editor.maintainer("t"));
    }

    private BackupRun claim(String host) {
        app.runs().enqueue(host, RunTrigger.MANUAL, false, false, "t");
        return app.runs().claimNext("worker:test").orElseThrow();
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
