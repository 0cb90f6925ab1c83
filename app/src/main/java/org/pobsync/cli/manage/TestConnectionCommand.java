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
        description = "Log in to a host with the server's key and pinned host key and check that rsync runs there.")
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
        ProbeResult r = ctx.app().credentials().testConnection(host, AuditLog.cliActor());
        if (r.ok()) {
            ctx.out().println("pobsync: " + host.name() + ": " + r.message());
            return ExitCodes.OK;
        }
        ctx.err().println("pobsync: error: " + host.name() + ": " + r.message());
        return ExitCodes.FAILURE;
    }
}
