package org.pobsync.cli.manage;

import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "change-password", aliases = {"changepassword", "change_password"}, mixinStandardHelpOptions = true,
        description = {"Set a user's password.", "With --no-input the password comes from POBSYNC_NEW_PASSWORD."})
public final class ChangePasswordCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "USERNAME")
    String username;

    @Option(names = "--no-input", description = "Never prompt; read the password from POBSYNC_NEW_PASSWORD.")
    boolean noInput;

    public ChangePasswordCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        ctx.app().users().get(username);
        String password = PasswordInput.read(ctx, noInput, "POBSYNC_NEW_PASSWORD");
        ctx.app().users().changePassword(username, password, AuditLog.cliActor());
        ctx.out().println("pobsync: password of '" + username + "' changed");
        return ExitCodes.OK;
    }
}
