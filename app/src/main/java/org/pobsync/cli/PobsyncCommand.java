package org.pobsync.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import org.pobsync.PobsyncVersion;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code pobsync} command. Parsing and exit codes live here; every subcommand is a thin
 * adapter over a service.
 */
@Command(name = "pobsync", mixinStandardHelpOptions = true,
        versionProvider = PobsyncCommand.Version.class,
        description = "Pull-based backup server: rsync over SSH into hard-linked snapshots.",
        subcommands = {VersionCommand.class})
public final class PobsyncCommand implements Runnable {

    /** Returned by long-running commands (serve, web) whose process must not exit yet. */
    public static final int KEEP_RUNNING = -1;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is required (see pobsync --help)");
    }

    public static int run(PrintStream out, PrintStream err, String... args) {
        CommandLine cli = new CommandLine(new PobsyncCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler(ExitCodes::handleExecutionException);
        cli.setParameterExceptionHandler(ExitCodes::handleParameterException);
        return cli.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pobsync " + PobsyncVersion.get()};
        }
    }
}
