package org.pobsync.cli.manage;

import java.io.Console;
import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import org.pobsync.cli.UsageError;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "create-superuser", aliases = {"createsuperuser", "create_superuser"}, mixinStandardHelpOptions = true,
        description = {"Create a superuser account for the control panel.",
                "With --no-input the password comes from POBSYNC_SUPERUSER_PASSWORD."})
public final class CreateSuperuserCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--username", paramLabel = "U", description = "The user name (asked for when omitted on a terminal).")
    String username;

    @Option(names = "--email", paramLabel = "E", description = "E-mail address (optional).")
    String email;

    @Option(names = "--no-input", description = "Never prompt; needs --username and POBSYNC_SUPERUSER_PASSWORD.")
    boolean noInput;

    public CreateSuperuserCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        if (username == null) {
            Console console = System.console();
            if (noInput || console == null) {
                throw new UsageError("--username is required with --no-input or without a terminal");
            }
            username = console.readLine("Username: ");
        }
        String password = PasswordInput.read(ctx, noInput, PasswordInput.ENV);
        ctx.appForSetUp().users().create(username, email, password, true, true, AuditLog.cliActor());
        ctx.out().println("pobsync: superuser '" + username + "' created");
        return ExitCodes.OK;
    }
}
