package org.pobsync.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.pobsync.app.AppContext;
import org.pobsync.format.Human;
import org.pobsync.schedule.SchedulerLoop;
import org.pobsync.schedule.SchedulerService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "scheduler", mixinStandardHelpOptions = true,
        description = {"Queue the backups whose schedule is due (one pass, or --loop).",
                "A slot missed while the scheduler was down is caught up once; a host that already has a run "
                        + "queued or running gets none. Exit code (one pass): 0 done, 1 the pass or a schedule failed.",
                "Exits with 1 when its SQLite file is deleted or replaced while it runs (so systemd restarts it)."})
final class SchedulerCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--loop", description = "Keep running: a pass every interval, and at each schedule's slot.")
    boolean loop;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds between passes with --loop (default: ${DEFAULT-VALUE}).")
    int interval;

    SchedulerCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (interval < 1) {
            throw new UsageError("--interval must be at least 1 second");
        }
        AppContext app = ctx.detachApp();
        DatabaseWatch.start(app.database());
        SchedulerLoop scheduler = app.schedulerLoop(Duration.ofSeconds(interval));
        try (LoopRunner runner = new LoopRunner(scheduler)) {
            try {
                if (loop) {
                    runner.runUntilStopped();
                    return ExitCodes.OK;
                }
                SchedulerService.PassResult r = scheduler.scheduler().runOnce();
                ctx.out().println("scheduler: " + r.due() + " due, " + r.enqueued() + " queued, " + r.covered()
                        + " covered by a run already queued or running, " + r.failed() + " failed; next slot "
                        + r.nextDueAt().map(Human::utc).orElse("none"));
                return r.failed() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
            } finally {
                app.close();
            }
        }
    }
}
