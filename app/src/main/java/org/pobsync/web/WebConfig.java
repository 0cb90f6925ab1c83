package org.pobsync.web;

import java.time.Clock;
import org.pobsync.app.AppContext;
import org.pobsync.audit.AuditLog;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.credentials.CredentialService;
import org.pobsync.hosts.HostService;
import org.pobsync.retention.PruneQueue;
import org.pobsync.retention.RetentionService;
import org.pobsync.runs.BackupService;
import org.pobsync.runs.RunService;
import org.pobsync.schedule.ScheduleService;
import org.pobsync.snapshots.DiscoveryService;
import org.pobsync.snapshots.SnapshotRepository;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.status.StatusService;
import org.pobsync.users.ApiTokenService;
import org.pobsync.users.UserService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The services of the one {@link AppContext} as Spring beans, so controllers get them by
 * constructor injection and every front end (panel, CLI, worker) calls the same objects. The
 * AppContext belongs to whoever started the panel: Spring never closes it (no destroy methods).
 */
@Configuration(proxyBeanMethods = false)
class WebConfig {

    private final AppContext app;

    WebConfig(AppContext app) {
        this.app = app;
    }

    @Bean(destroyMethod = "")
    Clock clock() {
        return app.clock();
    }

    @Bean(destroyMethod = "")
    PobsyncSettings settings() {
        return app.settings();
    }

    @Bean(destroyMethod = "")
    AuditLog auditLog() {
        return app.audit();
    }

    @Bean(destroyMethod = "")
    GlobalConfigService globalConfigService() {
        return app.globalConfig();
    }

    @Bean(destroyMethod = "")
    HostService hostService() {
        return app.hosts();
    }

    @Bean(destroyMethod = "")
    ScheduleService scheduleService() {
        return app.schedules();
    }

    @Bean(destroyMethod = "")
    RunService runService() {
        return app.runs();
    }

    @Bean(destroyMethod = "")
    BackupService backupService() {
        return app.backups();
    }

    @Bean(destroyMethod = "")
    SnapshotRepository snapshotRepository() {
        return app.snapshots();
    }

    @Bean(destroyMethod = "")
    UserService userService() {
        return app.users();
    }

    @Bean(destroyMethod = "")
    RetentionService retentionService() {
        return app.retention();
    }

    @Bean(destroyMethod = "")
    PruneQueue pruneQueue() {
        return app.prunes();
    }

    @Bean(destroyMethod = "")
    DiscoveryService discoveryService() {
        return app.discovery();
    }

    @Bean(destroyMethod = "")
    ApiTokenService apiTokenService() {
        return app.apiTokens();
    }

    @Bean(destroyMethod = "")
    Heartbeats heartbeats() {
        return app.heartbeats();
    }

    @Bean(destroyMethod = "")
    StatusService statusService() {
        return app.status();
    }

    @Bean(destroyMethod = "")
    CredentialService credentialService() {
        return app.credentials();
    }
}
