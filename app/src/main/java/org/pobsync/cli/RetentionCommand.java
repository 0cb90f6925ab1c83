package org.pobsync.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.engine.retention.RetentionDecision;
import org.pobsync.format.Human;
import org.pobsync.retention.RetentionService;
import org.pobsync.snapshots.SnapshotRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "retention", mixinStandardHelpOptions = true,
        description = {"Show a host's retention plan (what pruning would keep and delete, and why).",
                "With --apply --yes, delete what the plan prunes. Plans are made from the snapshot records;",
                "run 'pobsync discover-snapshots' first if snapshots were added to disk by hand."})
final class RetentionCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "HOST")
    String host;

    @Option(names = "--apply", description = "Delete the snapshots the plan prunes (needs --yes).")
    boolean apply;

    @Option(names = "--yes", description = "Confirm --apply.")
    boolean yes;

    @Option(names = "--max-delete", paramLabel = "N",
            description = "Refuse the whole apply when the plan deletes more than N snapshots.")
    Integer maxDelete;

    RetentionCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (apply && !yes) {
            throw new UsageError("--apply deletes snapshots; add --yes to confirm (see the plan first without --apply)");
        }
        if (!apply && (yes || maxDelete != null)) {
            throw new UsageError("--yes and --max-delete only make sense with --apply");
        }
        if (maxDelete != null && maxDelete < 0) {
            throw new UsageError("--max-delete must be 0 or more");
        }
        RetentionService retention = ctx.app().retention();
        RetentionService.PlanView view = retention.plan(host);
        print(view, ctx.clock().instant());
        if (!apply) {
            return ExitCodes.OK;
        }
        RetentionService.PruneReport report = retention.apply(host, maxDelete, true, AuditLog.cliActor());
        ctx.out().println();
        ctx.out().println("pobsync: " + report.summary());
        return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private void print(RetentionService.PlanView view, Instant now) {
        var out = ctx.out();
        out.println("retention of " + view.host().name() + ": " + view.policy().describe()
                + (view.hostOverride() ? " (host override)" : " (global policy)"));
        if (view.decisions().isEmpty()) {
            out.println("no snapshots recorded for " + view.host().name());
            return;
        }
        // SIZE and FREES follow the one definition of docs/design.md "Disk use": FREES is what
        // deleting the snapshot alone frees (its unique bytes).
        Table t = new Table("SNAPSHOT", "AGE", "STATUS", "SIZE", "FREES", "ACTION", "REASON");
        for (RetentionDecision d : view.decisions()) {
            SnapshotRecord r = view.records().get(d.name());
            t.row(d.name(), Human.age(d.snapshot().startedAt(), now), d.snapshot().status().label(),
                    r == null ? "" : Human.bytes(r.totalBytes()), r == null ? "" : Human.bytes(r.uniqueBytes()),
                    d.keep() ? "keep" : "PRUNE", d.reasonText());
        }
        t.print(out);
        out.println();
        out.println(view.pruneCount() + " of " + Human.plural(view.decisions().size(), "snapshot") + " would be pruned"
                + (apply ? "" : "; apply with: pobsync retention " + view.host().name() + " --apply --yes"));
    }
}
