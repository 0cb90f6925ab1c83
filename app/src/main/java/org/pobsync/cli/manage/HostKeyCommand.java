package org.pobsync.cli.manage;

import java.util.List;
import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import org.pobsync.cli.UsageError;
import org.pobsync.credentials.PinnedHostKey;
import org.pobsync.engine.ssh.HostKey;
import org.pobsync.format.Human;
import org.pobsync.hosts.Host;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "host-key", aliases = {"host_key", "pobsync_host_key"}, mixinStandardHelpOptions = true,
        description = {"Show, scan and pin a host's SSH host key(s). Backups refuse hosts without a pinned key.",
                "--scan shows the keys the host offers; they are pinned with --yes, or when one of them matches",
                "--fingerprint (compare it with 'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub' on the host)."})
public final class HostKeyCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "HOST")
    String hostName;

    @Option(names = "--scan", description = "Ask the host for its keys (ssh-keyscan).")
    boolean scan;

    @Option(names = "--fingerprint", paramLabel = "SHA256:...", description = "Pin when a scanned key has this fingerprint.")
    String fingerprint;

    @Option(names = "--yes", description = "Pin the scanned keys without a fingerprint to compare (trust on first use).")
    boolean yes;

    @Option(names = "--remove", description = "Remove the pinned keys (backups stop until a key is pinned again).")
    boolean remove;

    public HostKeyCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        var credentials = ctx.app().credentials();
        Host host = ctx.app().hosts().get(hostName);
        var out = ctx.out();
        if (remove) {
            credentials.unpin(host, AuditLog.cliActor());
            out.println("pobsync: removed the pinned host keys of " + host.name());
            return ExitCodes.OK;
        }
        if (!scan) {
            if (fingerprint != null || yes) {
                throw new UsageError("--fingerprint and --yes need --scan");
            }
            List<PinnedHostKey> pinned = credentials.pinned(host);
            if (pinned.isEmpty()) {
                out.println("no host key pinned for " + host.name() + "; scan it with: pobsync manage host-key "
                        + host.name() + " --scan");
                return ExitCodes.FAILURE;
            }
            for (PinnedHostKey k : pinned) {
                out.println(k.keyType() + " " + k.fingerprint() + "  (pinned " + k.pinnedAt() + " by " + k.pinnedBy() + ")");
            }
            return ExitCodes.OK;
        }
        List<HostKey> keys = credentials.scan(host);
        out.println("keys offered by " + host.address() + " port " + credentials.port(host) + ":");
        for (HostKey k : keys) {
            out.println("  " + k.type() + " " + k.fingerprint());
        }
        if (fingerprint != null) {
            String wanted = fingerprint.trim();
            if (keys.stream().noneMatch(k -> k.fingerprint().equals(wanted))) {
                ctx.err().println("pobsync: error: no key offered by " + host.name() + " has fingerprint " + wanted
                        + "; nothing pinned");
                return ExitCodes.FAILURE;
            }
        } else if (!yes) {
            out.println("not pinned: compare the fingerprints with the host's own (ssh-keygen -lf"
                    + " /etc/ssh/ssh_host_ed25519_key.pub), then re-run with --fingerprint SHA256:... or --yes");
            return ExitCodes.WARNING;
        }
        credentials.pin(host, keys, AuditLog.cliActor());
        out.println("pobsync: pinned " + Human.plural(keys.size(), "host key") + " for " + host.name());
        return ExitCodes.OK;
    }
}
