package org.pobsync.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "backup", mixinStandardHelpOptions = true,
        description = {"Back up a host now, in the foreground, with progress.",
                "Exit code: 0 succeeded, 3 succeeded with warnings, 1 failed or cancelled by another",
                "command; Ctrl-C or SIGTERM cancels the run and exits 130 or 143."})
final class BackupCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "HOST")
    String host;

    @Option(names = "--dry-run", description = "Show what would be transferred; create no snapshot.")
    boolean dryRun;

    @Option(names = "--prune", description = "Apply the retention policy after a successful backup.")
    boolean prune;

    @Option(names = {"-q", "--quiet"}, description = "No progress output; only the summary.")
    boolean quiet;

    BackupCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        return ForegroundBackup.run(ctx, host, dryRun, prune, quiet);
    }
}
