package org.pobsync.app;

import java.time.Clock;
import org.pobsync.audit.AuditLog;
import org.pobsync.settings.PobsyncVersion;
import org.pobsync.config.GlobalConfigRepository;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.credentials.CredentialService;
import org.pobsync.credentials.HostKeyRepository;
import org.pobsync.engine.BackupEngine;
import org.pobsync.db.Database;
import org.pobsync.db.Migrations;
import org.pobsync.hosts.HostRepository;
import org.pobsync.hosts.HostService;
import org.pobsync.legacy.LegacyExportService;
import org.pobsync.legacy.LegacyImportService;
import org.pobsync.retention.PruneQueue;
import org.pobsync.retention.PruneRequestRepository;
import org.pobsync.retention.RetentionService;
import org.pobsync.runs.BackupService;
import org.pobsync.runs.RunRepository;
import org.pobsync.runs.RunService;
import org.pobsync.schedule.ScheduleRepository;
import org.pobsync.schedule.ScheduleService;
import org.pobsync.snapshots.DiscoveryService;
import org.pobsync.snapshots.SnapshotRepository;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.status.StatusService;
import org.pobsync.users.ApiTokenRepository;
import org.pobsync.users.ApiTokenService;
import org.pobsync.users.UserRepository;
import org.pobsync.users.UserService;

/**
 * The object graph of services, wired by hand so the CLI starts in a fraction of a second
 * without a Spring context. The web process exposes the same objects as Spring beans
 * ({@code org.pobsync.web.WebConfig}), so every front end calls the same service methods.
 */
public final class AppContext implements AutoCloseable {

    private final PobsyncSettings settings;
    private final Clock clock;
    private final Database database;
    private final Migrations migrations;
    private final AuditLog audit;
    private final GlobalConfigService globalConfig;
    private final HostService hosts;
    private final ScheduleService schedules;
    private final RunService runs;
    private final SnapshotRepository snapshots;
    private final UserService users;
    private final ApiTokenService apiTokens;
    private final Heartbeats heartbeats;
    private final StatusService status;
    private final CredentialService credentials;
    private final BackupService backups;
    private final RetentionService retention;
    private final PruneQueue prunes;
    private final DiscoveryService discovery;
    private final LegacyImportService legacyImport;
    private final LegacyExportService legacyExport;

    private AppContext(PobsyncSettings settings, Clock clock, Database database) {
        this.settings = settings;
        this.clock = clock;
        this.database = database;
        this.migrations = new Migrations(database);
        this.audit = new AuditLog(database, clock);
        this.globalConfig = new GlobalConfigService(new GlobalConfigRepository(database, clock,
                settings.initialBackupRoot()), audit, clock);
        this.hosts = new HostService(new HostRepository(database), audit, clock);
        this.schedules = new ScheduleService(new ScheduleRepository(database), hosts, audit, clock);
        this.runs = new RunService(database, new RunRepository(database), hosts, audit, clock);
        this.snapshots = new SnapshotRepository(database);
        this.users = new UserService(new UserRepository(database), audit, clock);
        this.apiTokens = new ApiTokenService(new ApiTokenRepository(database), new UserRepository(database), audit,
                clock);
        this.heartbeats = new Heartbeats(database, clock);
        this.credentials = new CredentialService(settings, globalConfig, hosts, new HostKeyRepository(database), audit,
                clock);
        this.backups = new BackupService(settings, globalConfig, hosts, runs, snapshots, credentials,
                new BackupEngine(clock, PobsyncVersion.get()), clock);
        this.retention = new RetentionService(globalConfig, hosts, snapshots, runs.repository(), audit, clock);
        this.backups.setPostBackupPrune(retention::pruneAfterBackup);
        this.prunes = new PruneQueue(database, new PruneRequestRepository(database), hosts, retention, audit, clock);
        this.discovery = new DiscoveryService(globalConfig, hosts, snapshots, audit, clock);
        this.legacyImport = new LegacyImportService(globalConfig, hosts, schedules, audit, database, clock);
        this.legacyExport = new LegacyExportService(globalConfig, hosts, schedules, audit);
        this.status = new StatusService(database, migrations, globalConfig, hosts, schedules, runs.repository(),
                snapshots, heartbeats, clock);
    }

    /** Opens the database, applies pending migrations, and wires the services. */
    public static AppContext open(PobsyncSettings settings, Clock clock, int poolSize) {
        Database database = Database.open(settings, poolSize);
        try {
            new Migrations(database).migrateIfNeeded();
            return new AppContext(settings, clock, database);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
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

    public CredentialService credentials() {
        return credentials;
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

    @Override
    public void close() {
        database.close();
    }
}
