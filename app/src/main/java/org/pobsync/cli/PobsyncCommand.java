package org.pobsync.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;
import org.pobsync.settings.PobsyncVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code pobsync} command. Parsing and exit codes live here; every subcommand is a thin
 * adapter over a service.
 */
@Command(name = "pobsync", mixinStandardHelpOptions = true,
        versionProvider = PobsyncCommand.Version.class,
        description = {"Pull-based backup server: rsync over SSH into hard-linked snapshots.",
                "Server settings come from POBSYNC_* environment variables (see README);"
                        + " hosts, schedules and retention live in the database.",
                "Only the services and the set-up commands (manage configure-*, ssh-key, create-superuser,"
                        + " import-configs) create a missing database, and only in a data dir pobsync never used;"
                        + " after that, only 'pobsync manage migrate' does."},
        subcommands = {VersionCommand.class, StatusCommand.class, RunsCommand.class, BackupCommand.class,
                ServeCommand.class, WebCommand.class, WorkerCommand.class, SchedulerCommand.class,
                RetentionCommand.class, DiscoverSnapshotsCommand.class, LsCommand.class, VersionsCommand.class,
                RestoreCommand.class,
                ManageCommand.class, LaunchTrainingCommand.class, CommandLine.HelpCommand.class})
public final class PobsyncCommand implements Runnable {

    /** Returned by long-running commands (serve, web) whose process must not exit yet. */
    public static final int KEEP_RUNNING = -1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see pobsync --help)");
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        return run(System.getenv(), Clock.systemDefaultZone(), out, err, args);
    }

    /** The entry point tests drive: explicit environment, clock and streams. */
    public static int run(Map<String, String> env, Clock clock, PrintStream out, PrintStream err, String... args) {
        // Logs go to stderr for every command (LoggingSetup), so stdout stays the command's output.
        CliContext context = new CliContext(env, out, err, clock);
        int code;
        try {
            CommandLine cli = CommandBranch.forArguments(context, args);
            CommandList.install(cli);
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            cli.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
            cli.setParameterExceptionHandler(ExitCodes::handleParameterException);
            code = cli.execute(args);
        } finally {
            context.close();
        }
        return code;
    }

    /** The command tree, with the context handed to every command that takes it. */
    public static CommandLine commandLine(CliContext context) {
        return new CommandLine(new PobsyncCommand(), new ContextFactory(context));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pobsync " + PobsyncVersion.get()};
        }
    }
}
