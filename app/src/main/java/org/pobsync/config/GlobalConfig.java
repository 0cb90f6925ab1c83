package org.pobsync.config;

import java.nio.file.Path;
import java.time.Instant;
import org.pobsync.engine.StoreSetting;

/**
 * The single row of server-wide operational configuration (SPEC section 3).
 *
 * @param snapshotStore how snapshots are kept (SPEC section 15)
 * @param backupRootId  the id in the backup root's marker file, null until the root was first used
 */
public record GlobalConfig(Path backupRoot, RetentionSettings retention, int rsyncTimeoutSeconds,
                           int maxConcurrentBackups, String defaultSshUser, int defaultSshPort,
                           int staleRunTimeoutSeconds, int runLogRetentionDays, Instant updatedAt,
                           StoreSetting snapshotStore, String backupRootId) {

    public static final RetentionSettings DEFAULT_RETENTION = new RetentionSettings(null, null, 7, 4, 6, null);

    public GlobalConfig {
        snapshotStore = snapshotStore == null ? StoreSetting.AUTO : snapshotStore;
    }

    /** The configuration without the snapshot store and marker (auto, none yet). */
    public GlobalConfig(Path backupRoot, RetentionSettings retention, int rsyncTimeoutSeconds, int maxConcurrentBackups,
                        String defaultSshUser, int defaultSshPort, int staleRunTimeoutSeconds, int runLogRetentionDays,
                        Instant updatedAt) {
        this(backupRoot, retention, rsyncTimeoutSeconds, maxConcurrentBackups, defaultSshUser, defaultSshPort,
                staleRunTimeoutSeconds, runLogRetentionDays, updatedAt, StoreSetting.AUTO, null);
    }

    public static GlobalConfig defaults(Path backupRoot, Instant now) {
        return new GlobalConfig(backupRoot, DEFAULT_RETENTION, 1800, 2, "root", 22, 300, 30, now);
    }
}
