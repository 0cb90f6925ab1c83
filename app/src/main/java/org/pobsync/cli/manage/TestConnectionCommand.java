package org.pobsync.cli.manage;

import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import org.pobsync.engine.ssh.ProbeResult;
import org.pobsync.hosts.Host;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "test-connection", aliases = {"test_connection", "test_pobsync_connection"},
        mixinStandardHelpOptions = true,
        description = {"Check what a backup of the host needs: log in with the server's key and the pinned host",
                "key, run rsync there (its version is shown), list every source path as the backup's user",
                "(with sudo if set), and compare the backup root's free space with the last snapshot's size.",
                "Exit code 0 when a backup could run, 1 naming the first thing that would stop it."})
public final class TestConnectionCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "HOST")
    String hostName;

    public TestConnectionCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Host host = ctx.app().hosts().get(hostName);
        ProbeResult r = ctx.app().connectionTest().run(host, AuditLog.cliActor());
        if (r.ok()) {
            ctx.out().println("pobsync: " + host.name() + ": " + r.message());
            return ExitCodes.OK;
        }
        ctx.err().println("pobsync: error: " + host.name() + ": " + r.message());
        return ExitCodes.FAILURE;
    }
}
