package org.pobsync.cli.manage;

import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import org.pobsync.cli.RetentionOptions;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.engine.StoreSetting;
import org.pobsync.engine.layout.BackupRootMarker;
import org.pobsync.validation.Errors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "configure-global", aliases = {"configure_global", "configure_pobsync_global"},
        mixinStandardHelpOptions = true,
        description = {"Show or change the server-wide configuration.",
                "Without options it prints the current values. Keep-* options change only the rules given.",
                "A new backup root gets a marker file (.pobsync-backup-root); once a root has held snapshots,",
                "pobsync refuses to use it without that marker (an unmounted backup disk), unless --initialize."})
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

    @Option(names = "--snapshot-store", paramLabel = "auto|hardlink|btrfs",
            description = {"How snapshots are kept: hardlink (any file system), btrfs (a subvolume per snapshot),",
                    "or auto (btrfs where the backup root is on btrfs and the worker may create and delete",
                    "subvolumes there, else hardlink). pobsync manage check says which one is in use and why."})
    String snapshotStore;

    @Option(names = "--initialize",
            description = {"Start the backup root afresh with a new marker, also when it looks like a backup disk",
                    "that is not mounted (it held snapshots, but its marker is gone). Only when those",
                    "snapshots are really gone: otherwise mount the disk instead."})
    boolean initialize;

    public ConfigureGlobalCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        GlobalConfigService service = ctx.appForSetUp().globalConfig();
        Errors errors = new Errors();
        StoreSetting store = snapshotStore == null ? null : GlobalConfigService.parseStore(snapshotStore, errors);
        errors.throwIfAny();
        GlobalConfig c = service.update(new GlobalConfigService.Changes(backupRoot, retention.settings(), timeout,
                maxConcurrent, defaultUser, defaultPort, staleRunTimeout, runLogRetentionDays, store, initialize),
                AuditLog.cliActor());
        var out = ctx.out();
        out.println("backup root:        " + c.backupRoot());
        out.println("root marker:        " + (c.backupRootId() != null ? BackupRootMarker.FILE_NAME + " (id " + c.backupRootId() + ")"
                : "none yet (the first backup writes " + BackupRootMarker.FILE_NAME + ")"));
        out.println("snapshot store:     " + c.snapshotStore().dbValue());
        out.println("retention:          " + c.retention().describe());
        out.println("rsync timeout:      " + c.rsyncTimeoutSeconds() + " s");
        out.println("max concurrent:     " + c.maxConcurrentBackups());
        out.println("default ssh:        " + c.defaultSshUser() + "@<host>:" + c.defaultSshPort());
        out.println("stale-run timeout:  " + c.staleRunTimeoutSeconds() + " s");
        out.println("run log retention:  " + c.runLogRetentionDays() + " days");
        return ExitCodes.OK;
    }
}
