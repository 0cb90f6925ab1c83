package org.pobsync.runs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.pobsync.audit.AuditLog;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.credentials.CredentialService;
import org.pobsync.db.Database;
import org.pobsync.db.DatabaseFaults;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.HostBusyException;
import org.pobsync.engine.RestoreRequest;
import org.pobsync.engine.backup.RestoreEngine;
import org.pobsync.engine.rsync.InvalidBackupConfigException;
import org.pobsync.engine.rsync.RestoreCommand;
import org.pobsync.engine.tree.SnapshotPath;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostClaims;
import org.pobsync.hosts.HostService;
import org.pobsync.liveness.ProcessIdentity;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotRepository;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.InvalidInputException;
import org.pobsync.validation.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restores (SPEC section 13): checks an operator's {@link RestoreOrder}, queues it as a restore
 * run (or starts it in this process for the CLI), and carries a claimed restore run out through
 * the {@link RestoreEngine}. A restore run holds its host like a backup, so a queued restore waits
 * for the host's running backup and the other way round. Every request and outcome is audited.
 */
public final class RestoreService {

    private static final Logger log = LoggerFactory.getLogger(RestoreService.class);
    static final String DEFAULT_TARGET_PREFIX = "/var/tmp/pobsync-restore-";
    static final int MAX_PATHS = 1000;

    private final Database db;
    private final RunRepository repository;
    private final HostClaims hostClaims;
    private final RunService runs;
    private final HostService hosts;
    private final SnapshotRepository snapshots;
    private final GlobalConfigService globalConfig;
    private final CredentialService credentials;
    private final PobsyncSettings settings;
    private final AuditLog audit;
    private final RestoreEngine engine;
    private final Clock clock;

    public RestoreService(Database db, RunRepository repository, HostClaims hostClaims, RunService runs,
                          HostService hosts, SnapshotRepository snapshots, GlobalConfigService globalConfig,
                          CredentialService credentials, PobsyncSettings settings, AuditLog audit, RestoreEngine engine,
                          Clock clock) {
        this.db = db;
        this.repository = repository;
        this.hostClaims = hostClaims;
        this.runs = runs;
        this.hosts = hosts;
        this.snapshots = snapshots;
        this.globalConfig = globalConfig;
        this.credentials = credentials;
        this.settings = settings;
        this.audit = audit;
        this.engine = engine;
        this.clock = clock;
    }

    /** The default target of a run: a new directory on the host, named after the run. */
    public static String defaultTarget(long runId) {
        return DEFAULT_TARGET_PREFIX + runId + "/";
    }

    /** Queues a restore (or its dry run) for a worker; it waits while the host runs something else. */
    public BackupRun queue(RestoreOrder order, RunTrigger trigger, String actor) {
        Checked c = check(order, actor);
        long id = db.tx().execute(tx -> insert(c, trigger, order.dryRun()));
        audited(actor, "restore.queue", id, c, order.dryRun());
        return runs.get(id);
    }

    /** Queues the real restore a finished dry run previewed: same snapshot, paths and target. */
    public BackupRun confirm(long dryRunId, String confirmHost, String actor) {
        BackupRun dry = runs.get(dryRunId);
        if (!dry.isRestore() || !dry.dryRun() || !dry.status().finished()) {
            throw new ConflictException("run " + dryRunId + " is not a finished dry run of a restore");
        }
        RestoreSpec s = dry.restore();
        return queue(new RestoreOrder(dry.hostName(), s.snapshot(), s.paths(), s.targetHostName(), s.targetDir(),
                s.delete(), false, confirmHost), RunTrigger.MANUAL, actor);
    }

    /** Creates a restore run that starts now in this process (the CLI), holding the host; "host busy" otherwise. */
    public BackupRun startForeground(RestoreOrder order, String actor) {
        Checked c = check(order, actor);
        runs.recoverLostRuns(null);
        long id = db.tx().execute(tx -> {
            long runId = insert(c, RunTrigger.CLI, order.dryRun());
            if (!hostClaims.claim(c.host.id(), runId)) {
                tx.setRollbackOnly();
                return -1L;
            }
            repository.markStarted(runId, RunStatus.QUEUED, ProcessIdentity.id("cli"), ProcessIdentity.hostname(),
                    ProcessIdentity.pid(), ProcessIdentity.instance(), clock.instant());
            return runId;
        });
        if (id < 0) {
            throw new ConflictException("host busy: another backup, restore or prune of " + c.host.name() + " is running");
        }
        audited(actor, "restore.start", id, c, order.dryRun());
        return runs.get(id);
    }

    /** What a finished dry run of a restore would have done. */
    public RestorePreview preview(BackupRun run) {
        try {
            return RestorePreview.read(run.logPath() == null ? null : Path.of(run.logPath()));
        } catch (IOException e) {
            throw new ConflictException("cannot read the log of run " + run.id() + ": " + e.getMessage());
        }
    }

    /** Runs a claimed restore run to its end and returns the final row. Never throws for a failed restore. */
    public BackupRun execute(BackupRun run, BackupObserver observer) {
        Path logFile = RunLogRetention.runLogDir(settings).resolve("run-" + run.id() + ".log");
        RestoreRequest request;
        try {
            request = request(run, logFile);
        } catch (RuntimeException e) {
            return end(run, RunStatus.FAILED, null, e.getMessage(), null, null);
        }
        BackupResult result;
        String tail;
        // The backups' recorder: progress written off the rsync thread, best effort, and fenced by
        // the claim. A restore names no snapshot of its own, so it records no snapshot.
        try (RunRecorder recorder = RunRecorder.forRestore(run, observer, logFile, runs)) {
            try {
                result = engine.run(request, recorder);
            } catch (HostBusyException e) {
                boolean foreground = run.workerId() == null || run.workerId().startsWith("cli:");
                if (!foreground && runs.requeue(run, e.getMessage())) {
                    return runs.get(run.id());
                }
                return end(run, RunStatus.FAILED, null, e.getMessage(), null, null);
            } catch (RuntimeException e) {
                log.error("restore run {} from {} failed unexpectedly", run.id(), run.hostName(), e);
                return end(run, RunStatus.FAILED, null, "internal error: " + DatabaseFaults.describe(e), null,
                        recorder.tailText());
            }
            tail = recorder.tailText();
        }
        return end(run, RunStatus.valueOf(result.outcome().name()), result.exitCode(), result.errorSummary(),
                result, tail);
    }

    private BackupRun end(BackupRun run, RunStatus status, Integer exit, String error, BackupResult result,
                          String tail) {
        runs.finish(run, status, exit, error, result == null ? null : result.stats(), null, tail);
        RestoreSpec s = run.restore();
        audit.record(s.requestedBy(), "restore.end", run.hostName(), "run=" + run.id() + " " + status.dbValue()
                + (run.dryRun() ? " dry-run" : "") + (error == null ? "" : ": " + error));
        log.info("restore run {} from {}: {}{}", run.id(), run.hostName(), status.dbValue(),
                error == null ? "" : " (" + error + ")");
        return runs.get(run.id());
    }

    private RestoreRequest request(BackupRun run, Path logFile) {
        RestoreSpec s = run.restore();
        Host target = hosts.get(s.targetHostName());
        GlobalConfig g = globalConfig.get();
        SnapshotRecord snapshot = snapshots.find(run.hostId(), s.snapshot())
                .filter(r -> r.status().usable())
                .orElseThrow(() -> new NotFoundException("snapshot " + run.hostName() + "/" + s.snapshot()
                        + " is gone or no longer complete or partial"));
        return new RestoreRequest(run.hostName(), g.backupRoot(), Path.of(snapshot.path()), s.snapshotPaths(),
                target.name(), target.transport(), credentials.transferTarget(target), target.useSudo(),
                s.targetDir(), s.delete(), run.dryRun(), CredentialService.ioTimeout(target, g), logFile);
    }

    /** An order that passed every check, with what it resolved to. */
    private record Checked(Host host, SnapshotRecord snapshot, Host target, RestoreSpec spec) {
    }

    private Checked check(RestoreOrder order, String actor) {
        Host host = hosts.get(order.host());
        String name = order.snapshot() == null || order.snapshot().isBlank() ? "latest" : order.snapshot().strip();
        SnapshotRecord snapshot = "latest".equals(name)
                ? snapshots.latestUsable(host.id()).orElseThrow(() -> new NotFoundException(
                        "host '" + host.name() + "' has no complete or partial snapshot yet"))
                : snapshots.find(host.id(), name).orElseThrow(() -> new NotFoundException(
                        "host '" + host.name() + "' has no snapshot '" + name + "'"));
        if (!snapshot.status().usable()) {
            throw new ConflictException("snapshot " + host.name() + "/" + snapshot.name() + " is "
                    + snapshot.status().dbValue() + ": only complete and partial snapshots can be restored");
        }
        List<String> paths = paths(order.paths());
        boolean other = order.targetHost() != null && !order.targetHost().isBlank();
        Host target = other ? hosts.get(order.targetHost().strip()) : host;
        String dir = order.targetDir() == null || order.targetDir().isBlank() ? null : order.targetDir().strip();
        if (dir != null) {
            try {
                RestoreCommand.validateTargetDir(dir);
            } catch (InvalidBackupConfigException e) {
                throw new InvalidInputException("target", e.getMessage().substring("target: ".length()));
            }
        }
        RestoreSpec spec = new RestoreSpec(snapshot.name(), paths, target.id(), target.name(),
                dir == null ? "" : dir, order.delete(), actor);
        if (dir != null && spec.inPlace() && !order.dryRun() && !target.name().equals(order.confirmHost())) {
            throw new InvalidInputException("confirm_host", "restoring to the original place overwrites files on "
                    + target.name() + ": type the host name to confirm");
        }
        return new Checked(host, snapshot, target, spec);
    }

    private static List<String> paths(List<String> texts) {
        if (texts.isEmpty()) {
            throw new InvalidInputException("paths", "choose at least one path to restore ('/' for everything)");
        }
        if (texts.size() > MAX_PATHS) {
            throw new InvalidInputException("paths", "at most " + MAX_PATHS + " paths per restore");
        }
        List<String> escaped = new ArrayList<>();
        for (String text : texts) {
            try {
                SnapshotPath path = SnapshotPath.parse(text);
                RestoreCommand.validatePath(path);
                if (!escaped.contains(path.escaped())) {
                    escaped.add(path.escaped());
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("paths", e.getMessage());
            }
        }
        return escaped;
    }

    private long insert(Checked c, RunTrigger trigger, boolean dryRun) {
        Instant now = clock.instant();
        RestoreSpec spec = c.spec;
        long id = repository.insertRestore(c.host.id(), trigger, dryRun, spec, now);
        if (spec.targetDir().isEmpty()) {
            repository.setRestoreTargetDir(id, defaultTarget(id));
        }
        return id;
    }

    private void audited(String actor, String action, long id, Checked c, boolean dryRun) {
        BackupRun run = runs.get(id);
        RestoreSpec s = run.restore();
        String paths = String.join(" ", s.paths());
        audit.record(actor, action, c.host.name(), "run=" + id + (dryRun ? " dry-run" : "") + " snapshot="
                + s.snapshot() + " to=" + s.targetHostName() + ":" + s.targetDir() + (s.delete() ? " delete" : "")
                + " paths=" + (paths.length() > 1000 ? paths.substring(0, 1000) + "…" : paths));
    }
}
