package org.pobsync.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.pobsync.audit.AuditLog;
import org.pobsync.engine.Progress;
import org.pobsync.format.Human;
import org.pobsync.runs.BackupObserver;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;

/**
 * A backup run in this process, with progress on stderr and a summary on stdout. Shared by
 * {@code pobsync backup} and {@code pobsync manage run-backup}. Ctrl-C (SIGINT/SIGTERM) cancels
 * the run cleanly: rsync is ended and the run is recorded as cancelled.
 */
final class ForegroundBackup {

    private ForegroundBackup() {
    }

    static int run(CliContext ctx, String host, boolean dryRun, boolean prune, boolean quiet) {
        var app = ctx.app();
        BackupRun run = app.runs().startForeground(host, RunTrigger.CLI, dryRun, prune, AuditLog.cliActor());
        PrintStream err = ctx.err();
        if (!quiet) {
            err.println("pobsync: " + (dryRun ? "dry run of " : "backing up ") + host + " (run " + run.id() + ")");
        }
        ProgressPrinter printer = new ProgressPrinter(err, quiet, System.console() != null);
        BackupRun end = withCancelOnSignal(printer, () -> app.backups().execute(run, printer));
        printer.finish();
        printSummary(ctx.out(), end, ctx.clock().instant());
        return exitCode(end.status());
    }

    /** Runs {@code execution}; SIGINT/SIGTERM meanwhile cancel it through the printer and wait for it to end. */
    static BackupRun withCancelOnSignal(ProgressPrinter printer, java.util.function.Supplier<BackupRun> execution) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            printer.interrupted = true;
            try {
                done.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "pobsync-backup-cancel");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return execution.get();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for us
            }
        }
    }

    static int exitCode(RunStatus status) {
        return switch (status) {
            case SUCCEEDED -> ExitCodes.OK;
            case WARNING -> ExitCodes.WARNING;
            default -> ExitCodes.FAILURE;
        };
    }

    static void printSummary(PrintStream out, BackupRun r, Instant now) {
        StringBuilder sb = new StringBuilder();
        sb.append("run ").append(r.id()).append(" of ").append(r.hostName()).append(": ").append(r.status().dbValue());
        if (r.dryRun()) {
            sb.append(" (dry run, nothing written)");
        } else if (r.snapshotName() != null) {
            sb.append(r.status().finished() && (r.status() == RunStatus.SUCCEEDED || r.status() == RunStatus.WARNING)
                    ? " — snapshot " : " — left incomplete: ").append(r.snapshotName());
            if (r.baseSnapshotName() != null) {
                sb.append(" (hard-linked against ").append(r.baseSnapshotName()).append(')');
            }
        }
        out.println(sb);
        out.println("  files " + Human.count(r.filesTotal()) + ", transferred "
                + (r.filesTransferred() == null ? "–" : Human.plural(r.filesTransferred(), "file"))
                + " / " + Human.bytes(r.bytesTransferred()) + " of " + Human.bytes(r.totalSize()) + ", took "
                + Human.duration(r.duration(now)));
        if (r.errorSummary() != null) {
            out.println("  " + (r.status() == RunStatus.WARNING ? "warning" : "error") + ": " + r.errorSummary());
        }
        if (r.logPath() != null) {
            out.println("  log: " + r.logPath());
        }
    }

    /** Progress on stderr: one updating line on a terminal, a line every 10 s otherwise. */
    static final class ProgressPrinter implements BackupObserver {
        private final PrintStream err;
        private final boolean quiet;
        private final boolean terminal;
        volatile boolean interrupted;
        private Instant lastLine = Instant.EPOCH;
        private boolean printedInline;

        ProgressPrinter(PrintStream err, boolean quiet, boolean terminal) {
            this.err = err;
            this.quiet = quiet;
            this.terminal = terminal;
        }

        @Override
        public void progress(BackupRun run, Progress p) {
            if (quiet) {
                return;
            }
            String line = String.format("  %3d%%  %s  %s  %s", p.percent(), Human.bytes(p.bytesTransferred()),
                    Human.rate(p.bytesPerSecond()), p.eta() == null ? "" : "ETA " + Human.duration(p.eta()));
            if (terminal) {
                err.print("\r" + line + "   ");
                printedInline = true;
            } else if (Duration.between(lastLine, Instant.now()).toSeconds() >= 10) {
                err.println(line.stripTrailing());
                lastLine = Instant.now();
            }
        }

        @Override
        public boolean cancelRequested() {
            return interrupted;
        }

        void finish() {
            if (printedInline) {
                err.println();
            }
        }
    }
}
