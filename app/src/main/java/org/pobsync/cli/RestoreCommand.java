package org.pobsync.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.format.Human;
import org.pobsync.format.Json;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RestoreOrder;
import org.pobsync.runs.RestorePreview;
import org.pobsync.runs.RestoreSpec;
import org.pobsync.runs.RunJson;
import org.pobsync.runs.RunTrigger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "restore", mixinStandardHelpOptions = true,
        description = {"Restore paths of a snapshot to a host with rsync over its pinned ssh key, in the foreground",
                "(or queued for the worker with --queue). By default into a new directory on the host,",
                "/var/tmp/pobsync-restore-<run id>/; --target / puts the paths back where they were,",
                "overwriting (needs --yes); --to-host restores to another configured host.",
                "PATH is the path on the host (/etc/ssh); names shown escaped by 'ls' are accepted back.",
                "Nothing is deleted on the host unless --delete is given.",
                "Exit code: 0 succeeded, 3 succeeded with warnings, 1 failed or cancelled, 2 bad input."})
final class RestoreCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "HOST", description = "The host whose snapshot is read.")
    String host;

    @Parameters(index = "1", paramLabel = "SNAPSHOT", description = "A snapshot name, or 'latest'.")
    String snapshot;

    @Parameters(index = "2..*", arity = "1..*", paramLabel = "PATH", description = "One or more paths; / for everything.")
    List<String> paths;

    @Option(names = "--to-host", paramLabel = "H", description = "Restore to this configured host (default: HOST).")
    String toHost;

    @Option(names = "--target", paramLabel = "DIR",
            description = "Absolute directory on the target host (default: /var/tmp/pobsync-restore-<run id>/).")
    String target;

    @Option(names = "--dry-run", description = "Only show what would be created, changed and deleted.")
    boolean dryRun;

    @Option(names = "--delete", description = "Also delete files inside the restored paths that the snapshot lacks.")
    boolean delete;

    @Option(names = "--queue", description = "Queue the restore for the worker instead of running it here.")
    boolean queue;

    @Option(names = "--yes", description = "Confirm a restore to the original place (--target /), which overwrites.")
    boolean yes;

    @Option(names = "--json", description = "Print the run as JSON (fields as in the API, docs/api.md).")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress output; only the summary.")
    boolean quiet;

    RestoreCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        paths.forEach(CliPaths::parse);
        String targetHost = toHost == null ? host : toHost;
        RestoreOrder order = new RestoreOrder(host, snapshot, paths, toHost, target, delete, dryRun,
                yes ? targetHost : null);
        var restores = ctx.app().restores();
        if (queue) {
            BackupRun run = restores.queue(order, RunTrigger.CLI, AuditLog.cliActor());
            print(run, "queued for the worker");
            return ExitCodes.OK;
        }
        BackupRun run = restores.startForeground(order, AuditLog.cliActor());
        if (!quiet && !json) {
            ctx.err().println("pobsync: " + (dryRun ? "dry run of a restore" : "restoring") + " from " + host + " "
                    + run.restore().snapshot() + " to " + target(run.restore()) + " (run " + run.id() + ")");
        }
        ForegroundBackup.ProgressPrinter printer = new ForegroundBackup.ProgressPrinter(ctx.err(), quiet || json,
                System.console() != null);
        BackupRun end = ForegroundBackup.withCancelOnSignal(printer, () -> restores.execute(run, printer));
        printer.finish();
        print(end, end.status().dbValue());
        if (end.dryRun() && !json && end.status().finished()) {
            printPreview(ctx.out(), restores.preview(end));
        }
        return ForegroundBackup.exitCode(end.status());
    }

    private void print(BackupRun r, String state) {
        if (json) {
            ctx.out().println(Json.write(RunJson.of(r, ctx.clock().instant())));
            return;
        }
        PrintStream out = ctx.out();
        RestoreSpec s = r.restore();
        out.println("run " + r.id() + ": restore of " + r.hostName() + " " + s.snapshot() + " to " + target(s) + ": "
                + state + (r.dryRun() ? " (dry run, nothing written)" : ""));
        if (r.status().finished()) {
            out.println("  files " + Human.count(r.filesTotal()) + ", transferred "
                    + (r.filesTransferred() == null ? "–" : Human.plural(r.filesTransferred(), "file")) + " / " + Human.bytes(r.bytesTransferred()) + ", took "
                    + Human.duration(r.duration(ctx.clock().instant())));
        }
        if (r.errorSummary() != null) {
            out.println("  error: " + r.errorSummary());
        }
        if (r.logPath() != null) {
            out.println("  log: " + r.logPath());
        }
    }

    static void printPreview(PrintStream out, RestorePreview p) {
        out.println("  would create " + p.created() + ", change " + p.changed() + ", delete " + p.deleted());
        p.createdNames().forEach(n -> out.println("    create " + n));
        p.changedNames().forEach(n -> out.println("    change " + n));
        p.deletedNames().forEach(n -> out.println("    delete " + n));
    }

    private static String target(RestoreSpec s) {
        return s.targetHostName() + ":" + s.targetDir() + (s.delete() ? " (with --delete)" : "");
    }
}
