package org.pobsync.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.pobsync.app.AppContext;
import org.pobsync.schedule.SchedulerLoop;
import org.pobsync.web.PobsyncWeb;
import org.pobsync.worker.WorkerLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the web panel, the scheduler and the worker in one process (a single box, or",
                "development) until SIGTERM or Ctrl-C. On the first start with no account it creates 'admin'",
                "and prints its password once (a copy waits in the data dir's initial-admin-password until its",
                "first login). Production installs run the three as separate services.",
                "Exits with 1 when its SQLite file is deleted or replaced while it runs. Without",
                "POBSYNC_BACKUP_ROOT it creates its default backup root (./backups) on the first start."})
final class ServeCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--worker-interval", paramLabel = "SECONDS", defaultValue = "15",
            description = "Seconds between worker passes (default: ${DEFAULT-VALUE}).")
    int workerInterval;

    @Option(names = "--scheduler-interval", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds between scheduler passes (default: ${DEFAULT-VALUE}).")
    int schedulerInterval;

    @Option(names = "--concurrency", paramLabel = "N",
            description = "Backups at once (default: the global max concurrent backups).")
    Integer concurrency;

    ServeCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (workerInterval < 1 || schedulerInterval < 1) {
            throw new UsageError("intervals must be at least 1 second");
        }
        if (concurrency != null && concurrency < 1) {
            throw new UsageError("--concurrency must be at least 1");
        }
        AppContext app = AppContext.open(ctx.settings(), ctx.clock(), WebCommand.POOL_SIZE + 4);
        // A checkout's quick start backs up into ./backups; a configured root is never created.
        if (ctx.env().get("POBSYNC_BACKUP_ROOT") == null
                && app.globalConfig().createDefaultRoot(ctx.settings().initialBackupRoot(), "serve")) {
            ctx.out().println("pobsync: created the backup root " + ctx.settings().initialBackupRoot()
                    + " (the default of a checkout; set POBSYNC_BACKUP_ROOT or configure-global for a real disk)");
        }
        PobsyncWeb.Handle web;
        try {
            web = PobsyncWeb.start(app, ctx.out());
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
        DatabaseWatch.start(app.database());
        SchedulerLoop scheduler = app.schedulerLoop(Duration.ofSeconds(schedulerInterval));
        WorkerLoop worker = app.workerLoop(Duration.ofSeconds(workerInterval), concurrency);
        scheduler.start();
        worker.start();
        // Stop in the order that loses nothing: running backups end and are recorded first, then
        // nothing new is scheduled, then the panel goes, then the database.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.stop(LoopRunner.STOP_GRACE);
            scheduler.stop(Duration.ofSeconds(5));
            web.close();
            app.close();
        }, "pobsync-serve-stop"));
        ctx.out().println("pobsync: serving " + web.url() + " with the scheduler and a worker (stop with Ctrl-C)");
        ctx.out().flush();
        web.announceFirstStart();
        return PobsyncCommand.KEEP_RUNNING;
    }
}
