package org.pobsync.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.browse.FileVersion;
import org.pobsync.browse.FileVersionJson;
import org.pobsync.format.Human;
import org.pobsync.format.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "versions", mixinStandardHelpOptions = true,
        description = {"Every complete or partial snapshot of a host that holds PATH, newest first, and whether",
                "it is the very same file as in the snapshot before (\"unchanged since ...\"): the newest",
                "\"changed\" row is the last version before the file was overwritten."})
final class VersionsCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "HOST")
    String host;

    @Parameters(index = "1", paramLabel = "PATH", description = "The path on the host, e.g. /etc/hosts.")
    String path;

    @Option(names = "--json", description = "Print a JSON list (field names as in the API, docs/api.md).")
    boolean json;

    VersionsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        List<FileVersion> versions = ctx.app().files().versions(host, CliPaths.parse(path), AuditLog.cliActor());
        if (json) {
            ctx.out().println(Json.write(versions.stream().map(FileVersionJson::of).toList()));
            return ExitCodes.OK;
        }
        if (versions.isEmpty()) {
            ctx.out().println("No complete or partial snapshot of " + host + " holds " + path + ".");
            return ExitCodes.OK;
        }
        Table t = new Table("SNAPSHOT", "STATUS", "MODE", "OWNER", "SIZE", "MODIFIED (UTC)", "COMPARED WITH THE ONE BEFORE");
        for (FileVersion v : versions) {
            t.row(v.snapshot().name(), v.snapshot().status().dbValue(), v.stat().modeString(),
                    v.stat().uid() + ":" + v.stat().gid(), v.stat().isDirectory() ? "-" : Long.toString(v.stat().size()),
                    Human.utc(v.stat().mtime()).replace(" UTC", ""), change(v));
        }
        t.print(ctx.out());
        return ExitCodes.OK;
    }

    private static String change(FileVersion v) {
        if (v.sameAsPrevious() == null) {
            return v.stat().isDirectory() ? "a directory (never shared)" : "first snapshot that holds it";
        }
        return v.sameAsPrevious() ? "unchanged since " + v.unchangedSince() : "changed";
    }
}
