package org.pobsync.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import org.pobsync.engine.layout.DiskUsage;
import org.pobsync.format.Human;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.status.HostState;
import org.pobsync.status.HostSummary;
import org.pobsync.status.StatusService;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the server's state: database, backup root, hosts, queue and services.",
                "Each host is in one state: ok (\"no backup yet\" for a new host), late (no good snapshot within "
                        + "its expectation), failing (its last K runs failed), never (no good snapshot since it was "
                        + "added, after a grace period) or disabled; WHY says why."})
final class StatusCommand implements Callable<Integer> {

    private final CliContext ctx;

    StatusCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        StatusService.Report r = ctx.app().status().report();
        Instant now = r.generatedAt();
        var out = ctx.out();
        out.println("pobsync " + r.version());
        out.println("database:    " + r.database() + (r.migrationsCurrent() ? " (schema current)" : " (MIGRATIONS PENDING: pobsync manage migrate)"));
        DiskUsage d = r.backupRoot();
        String rootProblem = ctx.app().globalConfig().backupRootProblem();
        out.println("backup root: " + d.path() + (d.exists()
                ? "  " + Human.bytes(d.freeBytes()) + " free of " + Human.bytes(d.totalBytes()) : "")
                + (rootProblem == null ? "" : "  (UNUSABLE: " + rootProblem + ")"));
        out.println("snapshots:   store " + ctx.app().backups().snapshotStore().describe());
        out.println("queue:       " + r.queued() + " queued, " + r.running() + " running");
        for (Heartbeats.Heartbeat hb : r.heartbeats()) {
            out.println("service:     " + hb.component() + " on " + hb.hostname() + " (pid " + hb.pid() + "), last seen "
                    + Human.age(hb.lastSeenAt(), now));
        }
        if (r.hosts().isEmpty()) {
            out.println();
            out.println("No hosts yet. Add one with: pobsync manage configure-host <name> --address <address> --path /etc");
            return ExitCodes.OK;
        }
        out.println();
        Table t = new Table("HOST", "STATE", "LAST RUN", "LAST GOOD SNAPSHOT", "NEXT RUN", "WHY");
        for (HostSummary h : r.hosts()) {
            String lastRun = h.lastRunStatus() == null ? "never"
                    : h.lastRunStatus().dbValue() + " " + Human.age(h.lastRunAt(), now);
            String good = h.lastGoodName() == null ? "none" : h.lastGoodName() + " (" + Human.age(h.lastGoodAt(), now) + ")";
            String next = !h.hasSchedule() ? "no schedule"
                    : !h.scheduleEnabled() ? "schedule disabled" : Human.age(h.nextRunAt(), now);
            t.row(h.name(), h.health().label(), lastRun, good, next,
                    h.health().reason() == null || h.state() == HostState.DISABLED ? "" : h.health().reason());
        }
        t.print(out);
        return ExitCodes.OK;
    }
}
