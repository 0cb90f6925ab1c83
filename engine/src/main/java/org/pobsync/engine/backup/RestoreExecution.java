package org.pobsync.engine.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.pobsync.engine.BackupListener;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.RestoreRequest;
import org.pobsync.engine.RunOutcome;
import org.pobsync.engine.TransferStats;
import org.pobsync.engine.process.ProcessCommand;
import org.pobsync.engine.process.ProcessResult;
import org.pobsync.engine.process.ProcessRunner;
import org.pobsync.engine.process.RunningProcess;
import org.pobsync.engine.rsync.ErrorSummary;
import org.pobsync.engine.rsync.RestoreCommand;
import org.pobsync.engine.rsync.RestoreSummary;
import org.pobsync.engine.rsync.RsyncExitCode;
import org.pobsync.engine.tree.EntryName;
import org.pobsync.engine.tree.SnapshotPath;

/** One run of {@link RestoreEngine}, with the host locks held. Used once. */
final class RestoreExecution {

    private final RestoreRequest request;
    private final BackupListener listener;
    private final RestoreCommand command;
    private final ProcessRunner processRunner;
    private final Clock clock;
    private final Duration cancelGrace;
    private final Instant startedAt;
    private List<String> argv = List.of();
    private boolean cancelled;
    private boolean stalled;
    private boolean interrupted;

    RestoreExecution(RestoreRequest request, BackupListener listener, RestoreCommand command,
                     ProcessRunner processRunner, Clock clock, Duration cancelGrace, Instant startedAt) {
        this.request = request;
        this.listener = listener;
        this.command = command;
        this.processRunner = processRunner;
        this.clock = clock;
        this.cancelGrace = cancelGrace;
        this.startedAt = startedAt;
    }

    BackupResult run() {
        try (RunOutput output = new RunOutput(request.logFile(), listener, request.paths().size())) {
            output.note((request.dryRun() ? "dry run of a restore" : "restore") + " from " + request.host() + " "
                    + request.snapshotDir().getFileName() + " to " + request.targetHost() + ":" + request.targetDir()
                    + (request.delete() ? ", deleting what the snapshot does not have" : "") + ", started " + startedAt);
            String problem = checkSources();
            if (problem != null) {
                output.note(problem);
                return result(RunOutcome.FAILED, null, problem, TransferStats.NONE);
            }
            argv = command.argv(request);
            output.note("command: " + ProcessCommand.display(argv));
            ProcessResult process;
            try {
                process = transfer(output);
            } catch (UncheckedIOException e) {
                String summary = "cannot start rsync: " + e.getMessage();
                output.note(summary);
                return result(RunOutcome.FAILED, null, summary, TransferStats.NONE);
            }
            BackupResult result = conclude(process, output);
            listener.tick(output.progress(), output.tail());
            return result;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Every path must exist in the snapshot, reached through real directories only: rsync opens
     * the path it is given, so a symlink on the way (a snapshot's {@code etc/up -> ../../..})
     * would lead it out of {@code data/}. The last name may be a symlink; rsync copies it as one.
     */
    private String checkSources() {
        Path data = request.snapshotDir().toAbsolutePath().normalize().resolve("data");
        if (!isDirectory(data)) {
            return "the snapshot has no data directory: " + data;
        }
        for (SnapshotPath path : request.paths()) {
            Path at = data;
            List<EntryName> names = path.names();
            for (int i = 0; i < names.size(); i++) {
                at = at.resolve(new String(names.get(i).bytes(), java.nio.charset.StandardCharsets.UTF_8));
                boolean last = i == names.size() - 1;
                if (last ? !Files.exists(at, LinkOption.NOFOLLOW_LINKS) : !isDirectory(at)) {
                    return path.escaped() + " is not in the snapshot"
                            + (last ? "" : " (" + names.get(i).escaped() + " on the way is not a directory)");
                }
            }
        }
        return null;
    }

    private static boolean isDirectory(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory();
        } catch (IOException e) {
            return false;
        }
    }

    private ProcessResult transfer(RunOutput output) {
        RunningProcess process = processRunner.start(ProcessCommand.of(argv), output::accept, null);
        StallWatch watch = StallWatch.of(request, process, output);
        boolean exited = false;
        try {
            listener.started(null, null, argv, process.pid());
            while (true) {
                Optional<ProcessResult> result;
                try {
                    result = process.waitFor(BackupEngine.TICK);
                } catch (InterruptedException e) {
                    interrupted = true;
                    end(process, output, "interrupted");
                    cancelled = true;
                    continue;
                }
                if (result.isPresent()) {
                    exited = true;
                    return result.get();
                }
                output.flush();
                listener.tick(output.progress(), output.tail());
                if (!cancelled && listener.cancelRequested()) {
                    cancelled = true;
                    end(process, output, "cancel requested");
                } else if (!cancelled && !stalled && watch.stalled()) {
                    stalled = true;
                    end(process, output, "nothing arrived and nothing was read for " + request.timeout().toSeconds()
                            + " s (the target's I/O timeout)");
                }
            }
        } finally {
            if (!exited) {
                process.terminate(cancelGrace);
            }
        }
    }

    private void end(RunningProcess process, RunOutput output, String why) {
        output.note(why + ": ending rsync and its children (TERM, then KILL after " + cancelGrace.toSeconds() + " s)");
        if (!process.terminate(cancelGrace)) {
            output.note("some processes of the rsync tree did not end");
        }
    }

    private BackupResult conclude(ProcessResult process, RunOutput output) {
        int exit = process.exitCode();
        boolean endedByWatchdog = stalled && exit != RsyncExitCode.OK;
        RunOutcome outcome = cancelled ? RunOutcome.CANCELLED
                : endedByWatchdog ? RunOutcome.FAILED
                : RsyncExitCode.classify(exit).outcome();
        String summary = cancelled ? ErrorSummary.CANCELLED
                : endedByWatchdog ? RestoreSummary.stalled(request)
                : RestoreSummary.describe(exit, output.errorLines(), output.fileErrors(), request);
        output.note("rsync exited " + exit + " (" + RsyncExitCode.meaning(exit) + ") after "
                + String.format(Locale.ROOT, "%.1f", process.elapsed().toMillis() / 1000.0) + " s: "
                + (request.dryRun() ? "dry run " : "restore ") + outcome.dbValue()
                + (summary == null ? "" : ": " + summary));
        return result(outcome, exit, summary, output.stats());
    }

    private BackupResult result(RunOutcome outcome, Integer exit, String summary, TransferStats stats) {
        return new BackupResult(outcome, null, null, null, null, exit, summary, stats, argv, startedAt,
                clock.instant());
    }
}
