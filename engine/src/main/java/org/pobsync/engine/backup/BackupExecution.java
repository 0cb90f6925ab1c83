package org.pobsync.engine.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.pobsync.engine.BackupListener;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.RunOutcome;
import org.pobsync.engine.SnapshotState;
import org.pobsync.engine.TransferStats;
import org.pobsync.engine.layout.FileErrors;
import org.pobsync.engine.layout.SnapshotEntry;
import org.pobsync.engine.layout.SnapshotLayout;
import org.pobsync.engine.layout.SnapshotMetadata;
import org.pobsync.engine.layout.SnapshotMetadataFile;
import org.pobsync.engine.layout.SnapshotName;
import org.pobsync.engine.process.CommandOutput;
import org.pobsync.engine.process.ProcessCommand;
import org.pobsync.engine.process.ProcessResult;
import org.pobsync.engine.process.ProcessRunner;
import org.pobsync.engine.process.RunningProcess;
import org.pobsync.engine.rsync.ErrorSummary;
import org.pobsync.engine.rsync.RsyncCommand;
import org.pobsync.engine.rsync.RsyncExitCode;
import org.pobsync.engine.store.SnapshotStore;
import org.pobsync.engine.store.StoreChoice;
import org.pobsync.engine.store.StoreProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of {@link BackupEngine}, with the host lock already held. Used once. */
final class BackupExecution {

    private static final Logger log = LoggerFactory.getLogger(BackupExecution.class);

    private final BackupRequest request;
    private final BackupListener listener;
    private final SnapshotLayout layout;
    private final RsyncCommand rsyncCommand;
    private final ProcessRunner processRunner;
    private final Clock clock;
    private final Duration cancelGrace;
    private final String pobsyncVersion;
    private final Instant startedAt;
    private final StoreChoice storeChoice;
    private final SnapshotStore store;

    private SnapshotName name;
    private String baseName;
    private Path workDir;
    private String baseNote;
    private List<String> argv = List.of();
    private boolean cancelled;
    private boolean stalled;
    private boolean interrupted;

    BackupExecution(BackupRequest request, BackupListener listener, SnapshotLayout layout, RsyncCommand rsyncCommand,
                    ProcessRunner processRunner, Clock clock, Duration cancelGrace, String pobsyncVersion,
                    Instant startedAt, StoreChoice storeChoice, StoreProbe stores) {
        this.request = request;
        this.listener = listener;
        this.layout = layout;
        this.rsyncCommand = rsyncCommand;
        this.processRunner = processRunner;
        this.clock = clock;
        this.cancelGrace = cancelGrace;
        this.pobsyncVersion = pobsyncVersion;
        this.startedAt = startedAt;
        this.storeChoice = storeChoice;
        this.store = storeChoice.usable() ? stores.store(storeChoice.kind()) : null;
    }

    BackupResult run() {
        try {
            try {
                prepare();
            } catch (IOException | UncheckedIOException e) {
                if (workDir != null && !Files.exists(workDir)) {
                    // Nothing was created: there is no snapshot to point at.
                    name = null;
                    workDir = null;
                }
                return result(RunOutcome.FAILED, SnapshotState.INCOMPLETE, null,
                        "cannot prepare the snapshot directory: " + FileErrors.describe(e), TransferStats.NONE);
            }
            return runRsync();
        } finally {
            if (request.dryRun()) {
                DryRunScratch.remove(workDir);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private BackupResult runRsync() {
        try (RunOutput output = new RunOutput(request.logFile(), listener, request.sourcePaths().size())) {
            writeHeader(output);
            ProcessResult process;
            try {
                process = transfer(output);
            } catch (UncheckedIOException e) {
                String summary = "cannot start rsync: " + e.getMessage();
                output.note(summary);
                markFailed(null, TransferStats.NONE);
                return result(RunOutcome.FAILED, SnapshotState.INCOMPLETE, null, summary, TransferStats.NONE);
            }
            BackupResult result = conclude(process, output);
            listener.tick(output.progress(), output.tail());
            return result;
        }
    }

    /**
     * Base, name, directory and metadata of the new snapshot; the argv to produce it. A dry run
     * compares against the base with --link-dest whatever the store: rsync only reads it.
     */
    private void prepare() throws IOException {
        String host = request.host();
        DryRunScratch.removeStale(layout.hostDir(host));
        Optional<SnapshotEntry> base = layout.newestBase(host);
        baseName = base.map(b -> b.name().value()).orElse(null);
        name = layout.uniqueName(host, startedAt);
        if (request.dryRun()) {
            workDir = DryRunScratch.dirFor(layout.hostDir(host), name);
            argv = rsyncCommand.argv(request, workDir, base.map(SnapshotEntry::path).orElse(null));
            baseNote = "base " + (baseName == null ? "none (full copy)" : baseName);
            Files.createDirectory(workDir);
            Files.createDirectory(SnapshotLayout.dataDir(workDir));
            return;
        }
        workDir = layout.incompleteDir(host, name);
        SnapshotStore.StoreStart start = store.begin(workDir, base.orElse(null));
        baseNote = start.note();
        argv = rsyncCommand.argv(request, workDir, start.linkDest());
        writeMetadata(SnapshotState.INCOMPLETE, null, null, null);
    }

    private ProcessResult transfer(RunOutput output) {
        RunningProcess process = processRunner.start(ProcessCommand.of(argv), output::accept, null);
        StallWatch watch = StallWatch.of(request, process, output);
        boolean exited = false;
        try {
            listener.started(request.dryRun() ? null : name.value(), baseName, argv, process.pid());
            while (true) {
                Optional<ProcessResult> result;
                try {
                    result = process.waitFor(BackupEngine.TICK);
                } catch (InterruptedException e) {
                    // The worker is shutting down: treat it as a cancel, and tell the caller
                    // (run() restores the interrupt once the snapshot is left consistent).
                    interrupted = true;
                    cancel(process, output, "interrupted");
                    continue;
                }
                if (result.isPresent()) {
                    exited = true;
                    return result.get();
                }
                output.flush();
                listener.tick(output.progress(), output.tail());
                if (!cancelled && listener.cancelRequested()) {
                    cancel(process, output, "cancel requested");
                } else if (!cancelled && !stalled && watch.stalled()) {
                    stall(process, output);
                }
            }
        } finally {
            if (!exited) {
                // Something threw (a listener, most likely): never leave rsync running.
                process.terminate(cancelGrace);
            }
        }
    }

    private void cancel(RunningProcess process, RunOutput output, String why) {
        cancelled = true;
        output.note(why + ": ending rsync and its children (TERM, then KILL after " + cancelGrace.toSeconds() + " s)");
        if (!process.terminate(cancelGrace)) {
            output.note("some processes of the rsync tree did not end");
        }
    }

    private void stall(RunningProcess process, RunOutput output) {
        stalled = true;
        output.note("nothing arrived and nothing was read for " + request.timeout().toSeconds()
                + " s (the host's I/O timeout): ending rsync and its children (TERM, then KILL after "
                + cancelGrace.toSeconds() + " s)");
        if (!process.terminate(cancelGrace)) {
            output.note("some processes of the rsync tree did not end");
        }
    }

    private BackupResult conclude(ProcessResult process, RunOutput output) {
        int exit = process.exitCode();
        List<String> errors = output.errorLines();
        // A stall noticed a moment before rsync finished on its own does not spoil a good result.
        boolean endedByWatchdog = stalled && exit != RsyncExitCode.OK;
        RsyncExitCode.Verdict verdict = cancelled
                ? new RsyncExitCode.Verdict(RunOutcome.CANCELLED, SnapshotState.INCOMPLETE)
                : endedByWatchdog
                ? new RsyncExitCode.Verdict(RunOutcome.FAILED, SnapshotState.INCOMPLETE)
                : RsyncExitCode.classify(exit, ErrorSummary.everySourceMissing(errors, request.sourcePaths()));
        String summary = cancelled ? ErrorSummary.CANCELLED
                : endedByWatchdog ? ErrorSummary.stalled(request)
                : ErrorSummary.describe(exit, errors, output.fileErrors(), request);
        TransferStats stats = output.stats();
        String ended = "rsync exited " + exit + " (" + RsyncExitCode.meaning(exit) + ") after "
                + String.format(java.util.Locale.ROOT, "%.1f", process.elapsed().toMillis() / 1000.0) + " s: ";
        if (request.dryRun()) {
            output.note(ended + "dry run " + verdict.outcome().dbValue() + (summary == null ? "" : ": " + summary));
            return result(verdict.outcome(), null, exit, summary, stats);
        }
        if (!verdict.keepsSnapshot()) {
            markFailed(exit, stats);
            output.note(ended + verdict.outcome().dbValue() + ", snapshot left as " + workDir.getFileName()
                    + (summary == null ? "" : ": " + summary));
            return result(verdict.outcome(), SnapshotState.INCOMPLETE, exit, summary, stats);
        }
        try {
            flushToDisk(output);
            writeMetadata(verdict.snapshotState(), exit, stats, clock.instant());
            store.seal(workDir);
            Path finalDir = layout.snapshotDir(request.host(), name);
            moveAtomically(workDir, finalDir);
            workDir = finalDir;
            forceDirectory(finalDir.getParent());
        } catch (IOException e) {
            String problem = "could not finish the snapshot: " + FileErrors.describe(e);
            markFailed(exit, stats);
            output.note(ended + "failed, " + problem);
            return result(RunOutcome.FAILED, SnapshotState.INCOMPLETE, exit, problem, stats);
        }
        output.note(ended + verdict.outcome().dbValue() + ", snapshot " + name + " "
                + verdict.snapshotState().dbValue() + (summary == null ? "" : ": " + summary));
        return result(verdict.outcome(), verdict.snapshotState(), exit, summary, stats);
    }

    private void writeHeader(RunOutput output) {
        output.note((request.dryRun() ? "dry run" : "backup") + " of " + request.host() + " by pobsync "
                + pobsyncVersion + ", started " + startedAt);
        if (!request.dryRun()) {
            output.note("snapshot store: " + storeChoice.describe());
        }
        output.note((request.dryRun() ? "would write snapshot " + name : "snapshot " + workDir.getFileName())
                + ", " + baseNote);
        output.note("command: " + ProcessCommand.display(argv));
    }

    /**
     * The snapshot is about to be declared good: make sure its files are on disk first, so a
     * power cut cannot leave a "complete" snapshot of empty files. {@code sync -f} flushes the
     * file system holding the snapshot (syncfs), which is far cheaper than fsync per file.
     */
    private void flushToDisk(RunOutput output) {
        try {
            CommandOutput sync = processRunner.run(ProcessCommand.of("sync", "-f", workDir.toString()), Duration.ofMinutes(30));
            if (sync.exitCode() != 0) {
                output.note("warning: sync -f exited " + sync.exitCode() + ": " + sync.stderrText());
            }
        } catch (UncheckedIOException e) {
            output.note("warning: could not flush the snapshot to disk: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.note("warning: interrupted while flushing the snapshot to disk");
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically", e);
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("cannot fsync directory {}: {}", dir, e.toString());
        }
    }

    /** Best effort: the directory stays .incomplete whatever this writes, which is what counts. */
    private void markFailed(Integer exit, TransferStats stats) {
        if (request.dryRun()) {
            return;
        }
        try {
            writeMetadata(SnapshotState.INCOMPLETE, exit, stats, clock.instant());
        } catch (IOException e) {
            log.warn("cannot update the metadata of {}: {}", workDir, e.toString());
        }
    }

    private void writeMetadata(SnapshotState state, Integer exit, TransferStats stats, Instant finishedAt)
            throws IOException {
        SnapshotMetadataFile.write(workDir, new SnapshotMetadata(SnapshotMetadata.FORMAT_VERSION, request.host(),
                name.value(), state.dbValue(), startedAt, finishedAt, baseName, request.sourcePaths(), argv, exit,
                stats, pobsyncVersion, store.kind().dbValue()));
    }

    private BackupResult result(RunOutcome outcome, SnapshotState state, Integer exit, String summary,
                                TransferStats stats) {
        boolean dry = request.dryRun();
        return new BackupResult(outcome, dry || name == null ? null : name.value(), dry ? null : workDir,
                dry ? null : state, baseName, exit, summary, stats, argv, startedAt, clock.instant());
    }
}
