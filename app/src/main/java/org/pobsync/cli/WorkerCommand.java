package org.pobsync.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.pobsync.app.AppContext;
import org.pobsync.worker.WorkerLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "worker", mixinStandardHelpOptions = true,
        description = {"Run queued backups (one pass, or --loop).",
                "A pass fails runs whose worker is gone (\"worker lost\"), then claims the oldest queued runs of free "
                        + "hosts, up to the concurrency. One pass waits for the backups it started. SIGTERM or Ctrl-C "
                        + "ends running backups cleanly: they are recorded as cancelled and queued again.",
                "With --loop it also looks for newly queued runs and prunes every second, so \"Back up now\" starts at once.",
                "Exit code (one pass): 0 done (each backup's outcome is on its run: pobsync runs), 1 the pass failed, or the"
                        + " SQLite file was deleted or replaced while it ran (so systemd restarts it)."})
final class WorkerCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--loop", description = "Keep running: a pass every interval, and whenever a backup ends.")
    boolean loop;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "15",
            description = "Seconds between passes with --loop (default: ${DEFAULT-VALUE}).")
    int interval;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Backups at once for this worker (default: the global max concurrent backups).")
    Integer concurrency;

    WorkerCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (interval < 1) {
            throw new UsageError("--interval must be at least 1 second");
        }
        if (concurrency != null && concurrency < 1) {
            throw new UsageError("--concurrency must be at least 1");
        }
        AppContext app = ctx.detachApp();
        DatabaseWatch.start(app.database());
        WorkerLoop worker = app.workerLoop(Duration.ofSeconds(interval), concurrency);
        try (LoopRunner runner = new LoopRunner(worker)) {
            try {
                if (loop) {
                    runner.runUntilStopped();
                    return ExitCodes.OK;
                }
                return runner.runOnce() ? ExitCodes.OK : ExitCodes.FAILURE;
            } finally {
                app.close();
            }
        }
    }
}
