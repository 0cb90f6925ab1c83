package org.pobsync.cli.manage;

import java.time.Instant;
import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import org.pobsync.format.Human;
import org.pobsync.schedule.Schedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "configure-schedule", aliases = {"configure_schedule", "configure_pobsync_schedule"},
        mixinStandardHelpOptions = true,
        description = {"Create or replace a host's backup schedule (run by 'pobsync scheduler').",
                "Example: pobsync manage configure-schedule web1 --schedule-expression \"15 2 * * *\" --prune"})
public final class ConfigureScheduleCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "HOST")
    String host;

    @Option(names = {"--schedule-expression", "--cron"}, required = true, paramLabel = "CRON",
            description = "5-field cron expression: minute hour day-of-month month day-of-week.")
    String expression;

    @Option(names = "--time-zone", paramLabel = "ZONE", description = "Time zone of the expression (default: the server's).")
    String zone;

    @Option(names = "--prune", description = "Apply the retention policy after each successful scheduled backup.")
    boolean prune;

    @Option(names = "--disable", description = "Store the schedule but do not run it.")
    boolean disable;

    public ConfigureScheduleCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        Schedule s = ctx.appForSetUp().schedules().configure(host, expression, zone, prune, !disable, AuditLog.cliActor());
        var out = ctx.out();
        out.println("schedule of " + s.hostName() + ": " + s.cronExpression() + " (" + s.cron().describe() + ", "
                + s.timeZone().getId() + ")" + (s.prune() ? ", prune after backup" : "")
                + (s.enabled() ? "" : ", DISABLED"));
        if (s.enabled()) {
            out.println("next runs:");
            for (Instant t : s.cron().nextRuns(ctx.clock().instant(), s.timeZone(), 5)) {
                out.println("  " + t.atZone(s.timeZone()).toOffsetDateTime() + "  (" + Human.utc(t) + ")");
            }
        }
        return ExitCodes.OK;
    }
}
