package org.pobsync.legacy;

import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.config.RetentionSettings;

/** The contents of {@code config/global.yaml}: the whole server-wide configuration. */
public record LegacyGlobal(String backupRoot, RetentionSettings retention, int rsyncTimeoutSeconds,
                           int maxConcurrentBackups, String defaultSshUser, int defaultSshPort,
                           int staleRunTimeoutSeconds, int runLogRetentionDays) {

    static LegacyGlobal from(GlobalConfig c) {
        return new LegacyGlobal(c.backupRoot().toString(), c.retention(), c.rsyncTimeoutSeconds(),
                c.maxConcurrentBackups(), c.defaultSshUser(), c.defaultSshPort(), c.staleRunTimeoutSeconds(),
                c.runLogRetentionDays());
    }

    /** Every field stated, so the import does not depend on what the database held before. */
    GlobalConfigService.Changes toChanges() {
        return new GlobalConfigService.Changes(backupRoot, retention, rsyncTimeoutSeconds, maxConcurrentBackups,
                defaultSshUser, defaultSshPort, staleRunTimeoutSeconds, runLogRetentionDays);
    }
}
