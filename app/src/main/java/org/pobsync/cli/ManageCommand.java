package org.pobsync.cli;

import org.pobsync.cli.manage.ChangePasswordCommand;
import org.pobsync.cli.manage.CheckCommand;
import org.pobsync.cli.manage.ConfigureGlobalCommand;
import org.pobsync.cli.manage.ConfigureHostCommand;
import org.pobsync.cli.manage.ConfigureNotificationsCommand;
import org.pobsync.cli.manage.ConfigureScheduleCommand;
import org.pobsync.cli.manage.CreateSuperuserCommand;
import org.pobsync.cli.manage.ExportConfigsCommand;
import org.pobsync.cli.manage.ImportConfigsCommand;
import org.pobsync.cli.manage.MigrateCommand;
import org.pobsync.cli.manage.HostKeyCommand;
import org.pobsync.cli.manage.ShowMigrationsCommand;
import org.pobsync.cli.manage.SshKeyCommand;
import org.pobsync.cli.manage.TestConnectionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Maintenance commands: the counterpart of the reference's Django management commands, whose
 * underscore names are accepted as aliases ({@code pobsync django configure_pobsync_host …}).
 */
@Command(name = "manage", aliases = "django", mixinStandardHelpOptions = true,
        description = {"Maintenance commands (configuration, users, migrations, credentials).",
                "'pobsync django <name>' is an alias, with the reference's underscore command names."},
        subcommands = {CheckCommand.class, MigrateCommand.class, ShowMigrationsCommand.class,
                CreateSuperuserCommand.class, ChangePasswordCommand.class, ConfigureGlobalCommand.class,
                ConfigureHostCommand.class, ConfigureScheduleCommand.class, ConfigureNotificationsCommand.class,
                RunBackupCommand.class,
                CancelRunCommand.class, SshKeyCommand.class, HostKeyCommand.class, TestConnectionCommand.class,
                ImportConfigsCommand.class, ExportConfigsCommand.class,
                CommandLine.HelpCommand.class})
final class ManageCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a maintenance command is required (see pobsync manage --help)");
    }
}
