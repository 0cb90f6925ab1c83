package org.pobsync.cli;

import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.runs.BackupRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "cancel-run", aliases = {"cancel_run", "cancel_pobsync_run"}, mixinStandardHelpOptions = true,
        description = "Cancel a queued run, or ask the worker to stop a running one (it ends within seconds).")
final class CancelRunCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "RUN_ID")
    long runId;

    CancelRunCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        BackupRun r = ctx.app().runs().cancel(runId, AuditLog.cliActor());
        ctx.out().println(r.status().finished()
                ? "pobsync: run " + runId + " cancelled"
                : "pobsync: cancel requested for run " + runId + "; the worker stops it within a few seconds");
        return ExitCodes.OK;
    }
}
