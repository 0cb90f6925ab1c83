package org.pobsync.config;

import java.nio.file.Path;
import java.time.Instant;

/** The single row of server-wide operational configuration (SPEC section 3). */
public record GlobalConfig(Path backupRoot, RetentionSettings retention, int rsyncTimeoutSeconds,
                           int maxConcurrentBackups, String defaultSshUser, int defaultSshPort,
                           int staleRunTimeoutSeconds, int runLogRetentionDays, Instant updatedAt) {

    public static final RetentionSettings DEFAULT_RETENTION = new RetentionSettings(null, null, 7, 4, 6, null);

    public static GlobalConfig defaults(Path backupRoot, Instant now) {
        return new GlobalConfig(backupRoot, DEFAULT_RETENTION, 1800, 2, "root", 22, 300, 30, now);
    }
}
