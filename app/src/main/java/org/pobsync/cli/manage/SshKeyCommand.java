package org.pobsync.cli.manage;

import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import org.pobsync.engine.ssh.AuthorizedKeyLine;
import org.pobsync.engine.ssh.ServerKeyPair;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "ssh-key", aliases = {"ssh_key", "pobsync_ssh_key"}, mixinStandardHelpOptions = true,
        description = {"Print the server's public SSH key and the authorized_keys lines for the remote hosts.",
                "With --generate, create the ed25519 key pair first (stored 0600 in the data dir)."})
public final class SshKeyCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--generate", description = "Generate the key pair if there is none.")
    boolean generate;

    @Option(names = "--replace", description = "With --generate: replace an existing key (hosts must trust the new one).")
    boolean replace;

    public SshKeyCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        var credentials = ctx.appForSetUp().credentials();
        ServerKeyPair pair;
        if (generate && (replace || credentials.serverKey().isEmpty())) {
            pair = credentials.generateServerKey(replace, AuditLog.cliActor());
            ctx.err().println("pobsync: generated " + pair.privateKeyFile());
        } else {
            pair = credentials.serverKey().orElse(null);
            if (pair == null) {
                ctx.err().println("pobsync: error: no SSH key yet; create it with: pobsync manage ssh-key --generate");
                return ExitCodes.FAILURE;
            }
        }
        var out = ctx.out();
        out.println(pair.publicKeyLine());
        out.println();
        out.println("fingerprint: " + pair.fingerprint());
        for (AuthorizedKeyLine line : pair.authorizedKeyLines()) {
            out.println();
            out.println("# " + line.explanation());
            out.println(line.line());
        }
        return ExitCodes.OK;
    }
}
