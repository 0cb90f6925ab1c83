package org.pobsync.cli;

import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.browse.BrowsableSnapshot;
import org.pobsync.browse.DirectoryPage;
import org.pobsync.browse.FileEntry;
import org.pobsync.browse.FileEntryJson;
import org.pobsync.engine.tree.SnapshotPath;
import org.pobsync.format.Human;
import org.pobsync.format.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"List a directory inside a snapshot (directories first, then by name), like ls -l.",
                "PATH is the path on the host (/etc/ssh); names that are not plain UTF-8 are shown escaped",
                "(caf\\xe9, new\\nline) and accepted back the same way. Symlinks are shown, never followed."})
final class LsCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "HOST")
    String host;

    @Parameters(index = "1", paramLabel = "SNAPSHOT", description = "A snapshot name, or 'latest'.")
    String snapshot;

    @Parameters(index = "2", paramLabel = "PATH", arity = "0..1", defaultValue = "/",
            description = "Default: the snapshot's top (/).")
    String path;

    @Option(names = "--offset", paramLabel = "N", defaultValue = "0", description = "Skip the first N entries.")
    int offset;

    @Option(names = "--limit", paramLabel = "N", description = "At most N entries (default: all).")
    Integer limit;

    @Option(names = "--json", description = "Print a JSON list (field names as in the API, docs/api.md).")
    boolean json;

    LsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (offset < 0 || limit != null && limit < 1) {
            throw new UsageError("--offset must be 0 or more and --limit 1 or more");
        }
        SnapshotPath where = CliPaths.parse(path);
        BrowsableSnapshot s = ctx.app().files().snapshot(host, snapshot);
        DirectoryPage page = ctx.app().files().list(s, where, offset, limit == null ? Integer.MAX_VALUE : limit,
                AuditLog.cliActor());
        if (json) {
            ctx.out().println(Json.write(page.entries().stream().map(FileEntryJson::of).toList()));
            return ExitCodes.OK;
        }
        Table t = new Table("MODE", "LINKS", "OWNER", "GROUP", "SIZE", "MODIFIED (UTC)", "NAME");
        for (FileEntry e : page.entries()) {
            String name = e.name() == null ? "/" : e.name().escaped() + (e.isDirectory() ? "/" : "");
            t.row(e.stat().modeString(), Long.toString(e.stat().nlink()), owner(e.stat().uid(), e.owner()),
                    owner(e.stat().gid(), e.group()), e.isDirectory() ? "-" : Long.toString(e.stat().size()),
                    Human.utc(e.stat().mtime()).replace(" UTC", ""),
                    e.linkTarget() == null ? name : name + " -> " + e.linkTarget());
        }
        t.print(ctx.out());
        if (page.isDirectory() && page.entries().size() < page.total()) {
            ctx.err().println("pobsync: " + page.entries().size() + " of " + page.total() + " entries shown");
        }
        return ExitCodes.OK;
    }

    /** "1000(alice)", or the bare number when this server has no name for it. */
    static String owner(long id, String name) {
        return name == null ? Long.toString(id) : id + "(" + name + ")";
    }
}
