package org.pobsync.cli;

import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.snapshots.DiscoveryService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "discover-snapshots", mixinStandardHelpOptions = true,
        description = {"Record the snapshots found under the backup root (with sizes), link their bases,",
                "and mark records whose directory vanished as missing. Read-only on disk; safe to repeat."})
final class DiscoverSnapshotsCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--host", paramLabel = "HOST", description = "Only this host (default: every host).")
    String host;

    DiscoverSnapshotsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        DiscoveryService.Report report = ctx.app().discovery().discover(host, AuditLog.cliActor());
        Table t = new Table("HOST", "FOUND", "NEW", "UPDATED", "MISSING", "UNCHANGED");
        for (DiscoveryService.HostReport h : report.hosts()) {
            t.row(h.host(), String.valueOf(h.found()), String.valueOf(h.added()), String.valueOf(h.updated()),
                    String.valueOf(h.missing()), String.valueOf(h.unchanged()));
        }
        t.print(ctx.out());
        for (String s : report.skipped()) {
            ctx.out().println("skipped: " + s);
        }
        for (String s : report.unrecognised()) {
            ctx.out().println("not a snapshot, left alone: " + s);
        }
        ctx.out().println("pobsync: " + report.summary());
        return ExitCodes.OK;
    }
}
