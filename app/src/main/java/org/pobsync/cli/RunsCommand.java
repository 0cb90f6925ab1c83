package org.pobsync.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.pobsync.format.Human;
import org.pobsync.format.Json;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunJson;
import org.pobsync.runs.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "List recent backup runs, newest first.")
final class RunsCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--host", paramLabel = "HOST", description = "Only runs of this host.")
    String host;

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only runs with this status: queued, running, succeeded, warning, failed, cancelled.")
    String status;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N runs (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print a JSON list (field names as in the API, docs/api.md).")
    boolean json;

    RunsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (limit < 1 || limit > 10_000) {
            throw new UsageError("--limit must be between 1 and 10000");
        }
        RunStatus wanted;
        try {
            wanted = status == null ? null : RunStatus.parse(status);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage());
        }
        List<BackupRun> runs = ctx.app().runs().list(host, wanted, limit, 0);
        var now = ctx.clock().instant();
        if (json) {
            ctx.out().println(Json.write(runs.stream().map(r -> RunJson.of(r, now)).toList()));
            return ExitCodes.OK;
        }
        if (runs.isEmpty()) {
            ctx.out().println("No runs yet. Start one with: pobsync backup <host>");
            return ExitCodes.OK;
        }
        Table t = new Table("ID", "HOST", "STATUS", "TRIGGER", "QUEUED", "DURATION", "SNAPSHOT", "ERROR");
        for (BackupRun r : runs) {
            t.row(String.valueOf(r.id()), r.hostName(), r.status().dbValue() + (r.dryRun() ? " (dry run)" : ""),
                    r.trigger().dbValue(), Human.age(r.queuedAt(), now), Human.duration(r.duration(now)),
                    r.snapshotName() == null ? "" : r.snapshotName(), r.errorSummary() == null ? "" : r.errorSummary());
        }
        t.print(ctx.out());
        return ExitCodes.OK;
    }
}
