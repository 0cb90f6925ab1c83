package org.pobsync.cli.manage;

import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import org.pobsync.cli.RetentionOptions;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "configure-global", aliases = {"configure_global", "configure_pobsync_global"},
        mixinStandardHelpOptions = true,
        description = {"Show or change the server-wide configuration.",
                "Without options it prints the current values. Keep-* options change only the rules given."})
public final class ConfigureGlobalCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Option(names = "--backup-root", paramLabel = "PATH", description = "Absolute path where snapshots are stored.")
    String backupRoot;

    @Mixin
    RetentionOptions retention;

    @Option(names = "--max-concurrent", paramLabel = "N", description = "How many backups the worker runs at once.")
    Integer maxConcurrent;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Default rsync I/O timeout in seconds.")
    Integer timeout;

    @Option(names = "--default-user", paramLabel = "USER", description = "Default ssh user for hosts without one.")
    String defaultUser;

    @Option(names = "--default-port", paramLabel = "PORT", description = "Default ssh port for hosts without one.")
    Integer defaultPort;

    @Option(names = "--stale-run-timeout", paramLabel = "SECONDS",
            description = "A running backup whose heartbeat is older than this is failed as 'worker lost'.")
    Integer staleRunTimeout;

    @Option(names = "--run-log-retention-days", paramLabel = "DAYS", description = "How long run log files are kept.")
    Integer runLogRetentionDays;

    public ConfigureGlobalCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        GlobalConfigService service = ctx.appForSetUp().globalConfig();
        GlobalConfig c = service.update(new GlobalConfigService.Changes(backupRoot, retention.settings(), timeout,
                maxConcurrent, defaultUser, defaultPort, staleRunTimeout, runLogRetentionDays), AuditLog.cliActor());
        var out = ctx.out();
        out.println("backup root:        " + c.backupRoot());
        out.println("retention:          " + c.retention().describe());
        out.println("rsync timeout:      " + c.rsyncTimeoutSeconds() + " s");
        out.println("max concurrent:     " + c.maxConcurrentBackups());
        out.println("default ssh:        " + c.defaultSshUser() + "@<host>:" + c.defaultSshPort());
        out.println("stale-run timeout:  " + c.staleRunTimeoutSeconds() + " s");
        out.println("run log retention:  " + c.runLogRetentionDays() + " days");
        return ExitCodes.OK;
    }
}
