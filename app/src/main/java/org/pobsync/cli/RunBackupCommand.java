package org.pobsync.cli;

import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunTrigger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run-backup", aliases = {"run_backup", "run_pobsync_backup"}, mixinStandardHelpOptions = true,
        description = {"Back up a host in the foreground, or only put a run in the queue for the worker (--queue)."})
final class RunBackupCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "HOST")
    String host;

    @Option(names = "--queue", description = "Only enqueue the run; a worker ('pobsync worker') executes it.")
    boolean queue;

    @Option(names = "--prune", description = "Apply the retention policy after a successful backup.")
    boolean prune;

    @Option(names = "--dry-run", description = "Show what would be transferred; create no snapshot.")
    boolean dryRun;

    RunBackupCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (queue) {
            BackupRun r = ctx.app().runs().enqueue(host, RunTrigger.CLI, dryRun, prune, AuditLog.cliActor());
            ctx.out().println("pobsync: queued run " + r.id() + " for " + r.hostName()
                    + " (a worker picks it up; follow it with: pobsync runs --host " + r.hostName() + ")");
            return ExitCodes.OK;
        }
        return ForegroundBackup.run(ctx, host, dryRun, prune, false);
    }
}
