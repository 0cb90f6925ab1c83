package org.pobsync.cli.manage;

import java.util.List;
import java.util.concurrent.Callable;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import org.pobsync.format.Human;
import org.pobsync.selfcheck.CheckResult;
import org.pobsync.selfcheck.SelfCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check the installation: binaries, database, backup root, SSH key, host keys.",
                "Exit code 1 when a check fails, 3 when one warns."})
public final class CheckCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--deploy", description = "Also check what a production deployment needs (services running).")
    boolean deploy;

    public CheckCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        // The PATH of the command's environment decides which rsync and ssh are checked.
        String path = ctx.env().getOrDefault("PATH", System.getenv().getOrDefault("PATH", ""));
        List<CheckResult> results;
        try {
            results = ctx.app().selfCheck().run(deploy, path);
        } catch (RuntimeException e) {
            // No database to check against (missing, unreachable, damaged): say so as a FAIL line.
            results = SelfCheck.withoutDatabase(path, e);
        }
        int worst = ExitCodes.OK;
        for (CheckResult r : results) {
            ctx.out().printf("%-4s %-28s %s%n", r.level(), r.name(), Human.firstLine(r.message())
                    + (r.hint() == null ? "" : "  (" + r.hint() + ")"));
            if (r.level() == CheckResult.Level.FAIL) {
                worst = ExitCodes.FAILURE;
            } else if (r.level() == CheckResult.Level.WARN && worst == ExitCodes.OK) {
                worst = ExitCodes.WARNING;
            }
        }
        return worst;
    }
}
