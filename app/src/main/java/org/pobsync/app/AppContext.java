package org.pobsync.app;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pobsync.audit.AuditLog;
import org.pobsync.browse.SnapshotDownloads;
import org.pobsync.browse.SnapshotFiles;
import org.pobsync.audit.AuditRetention;
import org.pobsync.config.GlobalConfigRepository;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.credentials.ConnectionTest;
import org.pobsync.credentials.CredentialService;
import org.pobsync.credentials.HostKeyRepository;
import org.pobsync.db.Database;
import org.pobsync.db.DatabaseCreation;
import org.pobsync.db.Migrations;
import org.pobsync.engine.backup.BackupEngine;
import org.pobsync.engine.backup.RestoreEngine;
import org.pobsync.hosts.HostClaims;
import org.pobsync.hosts.HostRepository;
import org.pobsync.hosts.HostService;
import org.pobsync.hosts.HostSpecValidator;
import org.pobsync.hosts.LocalSourceGuard;
import org.pobsync.legacy.LegacyExportService;
import org.pobsync.legacy.LegacyImportService;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.notify.ChannelService;
import org.pobsync.notify.NotificationService;
import org.pobsync.notify.Notifier;
import org.pobsync.notify.NotifierLoop;
import org.pobsync.notify.SecretStore;
import org.pobsync.retention.PruneQueue;
import org.pobsync.retention.PruneRequestRepository;
import org.pobsync.retention.RetentionService;
import org.pobsync.runs.BackupReadiness;
import org.pobsync.runs.BackupService;
import org.pobsync.runs.RunLogRetention;
import org.pobsync.runs.RestoreService;
import org.pobsync.runs.RunRepository;
import org.pobsync.runs.RunService;
import org.pobsync.runs.RunSnapshots;
import org.pobsync.schedule.ScheduleRepository;
import org.pobsync.schedule.ScheduleService;
import org.pobsync.schedule.SchedulerLoop;
import org.pobsync.schedule.SchedulerService;
import org.pobsync.selfcheck.SelfCheck;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.settings.PobsyncVersion;
import org.pobsync.settings.PrivateFiles;
import org.pobsync.snapshots.DiscoveryService;
import org.pobsync.snapshots.SnapshotRepository;
import org.pobsync.snapshots.SnapshotSizer;
import org.pobsync.status.AlertSettingsRepository;
import org.pobsync.status.AlertSettingsService;
import org.pobsync.status.HostOverview;
import org.pobsync.status.StatusService;
import org.pobsync.users.ApiTokenRepository;
import org.pobsync.users.ApiTokenService;
import org.pobsync.users.InitialPasswordFile;
import org.pobsync.users.UserRepository;
import org.pobsync.users.UserService;
import org.pobsync.worker.WorkerLoop;
import org.pobsync.worker.WorkerService;

/**
 * The one composition root: every service of pobsync is built here, once, by hand, so a CLI
 * command starts in a fraction of a second without a Spring context (docs/decisions.md). The
 * web process registers the same objects into Spring from {@link #services()}, so the panel,
 * the API, the CLI, the scheduler and the worker call the same instances. A new service is built
 * in the constructor and {@link #expose}d; nothing else needs to know about it. Classes receive
 * the services they use, never this context.
 */
public final class AppContext implements AutoCloseable {

    private final PobsyncSettings settings;
    private final Clock clock;
    private final Database database;
    private final Map<Class<?>, Object> services = new LinkedHashMap<>();

    private final Migrations migrations;
    private final AuditLog audit;
    private final AuditRetention auditRetention;
    private final GlobalConfigService globalConfig;
    private final HostService hosts;
    private final ScheduleService schedules;
    private final RunService runs;
    private final SnapshotRepository snapshots;
    private final UserService users;
    private final ApiTokenService apiTokens;
    private final Heartbeats heartbeats;
    private final StatusService status;
    private final AlertSettingsService alertSettings;
    private final AlertSettingsRepository alertSettingsRows;
    private final ChannelService channels;
    private final NotificationService notifications;
    private final CredentialService credentials;
    private final ConnectionTest connectionTest;
    private final BackupService backups;
    private final RestoreService restores;
    private final RetentionService retention;
    private final PruneQueue prunes;
    private final DiscoveryService discovery;
    private final LegacyImportService legacyImport;
    private final LegacyExportService legacyExport;
    private final SelfCheck selfCheck;
    private final SnapshotFiles files;
    private final SnapshotDownloads downloads;

    private AppContext(PobsyncSettings settings, Clock clock, Database database) {
        this.settings = expose(PobsyncSettings.class, settings);
        this.clock = expose(Clock.class, clock);
        this.database = database;
        migrations = new Migrations(database);
        audit = expose(AuditLog.class, new AuditLog(database, clock));
        SnapshotRepository snapshotRecords = new SnapshotRepository(database);
        auditRetention = expose(AuditRetention.class, new AuditRetention(audit, settings.auditRetentionDays(), clock));
        globalConfig = expose(GlobalConfigService.class, new GlobalConfigService(
                new GlobalConfigRepository(database, clock, settings.initialBackupRoot()), audit, clock,
                snapshotRecords::recordedUnder));
        heartbeats = expose(Heartbeats.class, new Heartbeats(database, clock));
        hosts = expose(HostService.class, new HostService(new HostRepository(database),
                new HostSpecValidator(LocalSourceGuard.of(settings)), audit, clock));
        users = expose(UserService.class, new UserService(new UserRepository(database), audit, clock,
                new InitialPasswordFile(settings.dataDir())));
        apiTokens = expose(ApiTokenService.class, new ApiTokenService(new ApiTokenRepository(database),
                new UserRepository(database), audit, clock));
        credentials = expose(CredentialService.class, new CredentialService(settings, globalConfig,
                new HostKeyRepository(database), audit, clock));
        snapshots = expose(SnapshotRepository.class, snapshotRecords);
        SnapshotSizer sizer = expose(SnapshotSizer.class, new SnapshotSizer(snapshots));
        connectionTest = expose(ConnectionTest.class, new ConnectionTest(credentials, globalConfig, snapshots, audit));
        RunSnapshots runSnapshots = new RunSnapshots(snapshots, sizer, globalConfig, clock);
        runs = expose(RunService.class, new RunService(database, new RunRepository(database), hosts,
                new HostClaims(database), runSnapshots, audit, clock));
        expose(BackupReadiness.class, new BackupReadiness(credentials, globalConfig));
        schedules = expose(ScheduleService.class, new ScheduleService(new ScheduleRepository(database), hosts, audit,
                clock));
        retention = expose(RetentionService.class, new RetentionService(globalConfig, hosts, snapshots, sizer, runs,
                audit, clock));
        backups = expose(BackupService.class, new BackupService(settings, globalConfig, hosts, runs, runSnapshots,
                credentials, new BackupEngine(clock, PobsyncVersion.get()), retention::pruneAfterBackup));
        restores = expose(RestoreService.class, new RestoreService(database, new RunRepository(database),
                new HostClaims(database), runs, hosts, snapshots, globalConfig, credentials, settings, audit,
                new RestoreEngine(clock), clock));
        prunes = expose(PruneQueue.class, new PruneQueue(database, new PruneRequestRepository(database), hosts,
                retention, audit, clock));
        discovery = expose(DiscoveryService.class, new DiscoveryService(globalConfig, hosts, snapshots, audit, clock));
        legacyImport = expose(LegacyImportService.class, new LegacyImportService(globalConfig, hosts, schedules, audit,
                database, clock));
        legacyExport = expose(LegacyExportService.class, new LegacyExportService(globalConfig, hosts, schedules,
                audit));
        alertSettingsRows = new AlertSettingsRepository(database);
        alertSettings = expose(AlertSettingsService.class, new AlertSettingsService(database, alertSettingsRows, hosts,
                audit, clock));
        status = expose(StatusService.class, new StatusService(database, migrations, globalConfig, hosts, schedules,
                runs, snapshots, heartbeats, alertSettingsRows, clock));
        HostOverview overview = expose(HostOverview.class, new HostOverview(status));
        selfCheck = expose(SelfCheck.class, new SelfCheck(database, migrations, globalConfig, hosts, credentials,
                heartbeats, status, overview, backups, clock));
        files = expose(SnapshotFiles.class, new SnapshotFiles(globalConfig, hosts, snapshots, audit, clock));
        downloads = expose(SnapshotDownloads.class, new SnapshotDownloads(globalConfig, audit));
        channels = expose(ChannelService.class, new ChannelService(database, new SecretStore(settings.dataDir()), hosts,
                audit, clock));
        notifications = expose(NotificationService.class, new NotificationService(database, channels,
                alertSettingsRows, audit, clock, null, null));
    }

    /**
     * Opens the database, applies pending migrations, and wires the services; may create the
     * database in a data dir pobsync has never used (what set-up commands and the services do).
     */
    public static AppContext open(PobsyncSettings settings, Clock clock, int poolSize) {
        return open(settings, clock, poolSize, DatabaseCreation.IN_FRESH_DATA_DIR);
    }

    /** As {@link #open(PobsyncSettings, Clock, int)}, creating a missing database only as {@code creation} allows. */
    public static AppContext open(PobsyncSettings settings, Clock clock, int poolSize, DatabaseCreation creation) {
        PrivateFiles.secureDataDir(settings);
        Database database = Database.open(settings, poolSize, creation);
        try {
            new Migrations(database).migrateIfNeeded(settings, creation);
            return new AppContext(settings, clock, database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private <T> T expose(Class<T> type, T service) {
        services.put(type, service);
        return service;
    }

    /**
     * Every service by the type callers ask for, in construction order: what the web process
     * registers as Spring beans.
     */
    public Map<Class<?>, Object> services() {
        return Collections.unmodifiableMap(services);
    }

    /**
     * The scheduler of a process (pobsync scheduler --loop, serve): a pass every
     * {@code interval}, or sooner when a schedule's next slot comes first.
     */
    public SchedulerLoop schedulerLoop(Duration interval) {
        return new SchedulerLoop(new SchedulerService(database, new ScheduleRepository(database), runs, heartbeats,
                clock), new RunLogRetention(settings, globalConfig, clock), clock, interval);
    }

    /**
     * The worker of a process: concurrency from the global configuration unless overridden, and
     * a heartbeat every 10 s, or a fifth of the stale-run timeout when that is shorter.
     */
    public WorkerLoop workerLoop(Duration interval, Integer concurrency) {
        WorkerService worker = new WorkerService(runs, backups, restores, prunes, globalConfig, heartbeats, clock,
                concurrency);
        worker.alsoEachPass(auditRetention::pruneIfDue);
        long staleSeconds = globalConfig.get().staleRunTimeoutSeconds();
        Duration heartbeat = Duration.ofSeconds(Math.max(1, Math.min(10, staleSeconds / 5)));
        return new WorkerLoop(worker, interval, heartbeat, notifierLoop(interval));
    }

    /** The notifier of a worker process (SPEC section 14): alerts, pings and their delivery, beside the worker. */
    public NotifierLoop notifierLoop(Duration interval) {
        return new NotifierLoop(new Notifier(database, channels, alertSettingsRows, status, heartbeats, schedules, prunes,
                clock, null, null), interval);
    }

    public PobsyncSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public Database database() {
        return database;
    }

    public Migrations migrations() {
        return migrations;
    }

    public AuditLog audit() {
        return audit;
    }

    public GlobalConfigService globalConfig() {
        return globalConfig;
    }

    public HostService hosts() {
        return hosts;
    }

    public ScheduleService schedules() {
        return schedules;
    }

    public RunService runs() {
        return runs;
    }

    /** Retention applies confirmed in the panel, waiting for a worker. */
    public PruneQueue prunes() {
        return prunes;
    }

    public SnapshotRepository snapshots() {
        return snapshots;
    }

    public UserService users() {
        return users;
    }

    public ApiTokenService apiTokens() {
        return apiTokens;
    }

    public Heartbeats heartbeats() {
        return heartbeats;
    }

    public StatusService status() {
        return status;
    }

    /** Expectations, reminders, the digest, thresholds: what the host state and the alerts go by. */
    public AlertSettingsService alertSettings() {
        return alertSettings;
    }

    /** Notification channels (e-mail, webhook) and their secrets. */
    public ChannelService channels() {
        return channels;
    }

    /** Test sends, the notification log, the alerts that are bad now. */
    public NotificationService notifications() {
        return notifications;
    }

    public CredentialService credentials() {
        return credentials;
    }

    public ConnectionTest connectionTest() {
        return connectionTest;
    }

    public RestoreService restores() {
        return restores;
    }

    public BackupService backups() {
        return backups;
    }

    public RetentionService retention() {
        return retention;
    }

    public DiscoveryService discovery() {
        return discovery;
    }

    public LegacyImportService legacyImport() {
        return legacyImport;
    }

    public LegacyExportService legacyExport() {
        return legacyExport;
    }

    public SelfCheck selfCheck() {
        return selfCheck;
    }

    /** Browsing snapshots: listings, versions, searches. */
    public SnapshotFiles files() {
        return files;
    }

    /** Getting files out of snapshots: single files and archives. */
    public SnapshotDownloads downloads() {
        return downloads;
    }

    @Override
    public void close() {
        database.close();
    }
}
