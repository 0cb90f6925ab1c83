package org.pobsync.config;

import java.nio.file.Path;
import java.time.Clock;
import org.pobsync.audit.AuditLog;
import org.pobsync.validation.Errors;

/** Reading and changing the server-wide configuration. */
public final class GlobalConfigService {

    /** A change; null fields stay as they are. */
    public record Changes(String backupRoot, RetentionSettings retention, Integer rsyncTimeoutSeconds,
                          Integer maxConcurrentBackups, String defaultSshUser, Integer defaultSshPort,
                          Integer staleRunTimeoutSeconds, Integer runLogRetentionDays) {
    }

    private final GlobalConfigRepository repository;
    private final AuditLog audit;
    private final Clock clock;

    public GlobalConfigService(GlobalConfigRepository repository, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
    }

    public GlobalConfig get() {
        return repository.get();
    }

    public GlobalConfig update(Changes c, String actor) {
        return save(preview(c, false), c, actor);
    }

    /**
     * As {@link #update}, but {@code c.retention()} replaces the whole policy: a rule it leaves
     * null becomes unset instead of staying as it was. For callers that state the complete
     * configuration, such as the legacy YAML import.
     */
    public GlobalConfig updateReplacingRetention(Changes c, String actor) {
        return save(preview(c, true), c, actor);
    }

    /** The configuration {@code c} would produce, validated, without writing anything. */
    public GlobalConfig preview(Changes c, boolean replaceRetention) {
        GlobalConfig old = repository.get();
        Errors errors = new Errors();
        Path root = old.backupRoot();
        if (c.backupRoot() != null) {
            if (c.backupRoot().isBlank() || !c.backupRoot().startsWith("/")) {
                errors.add("backup-root", "the backup root must be an absolute path, got '" + c.backupRoot() + "'");
            } else if (c.backupRoot().chars().anyMatch(ch -> ch < 0x20)) {
                errors.add("backup-root", "the backup root contains a control character");
            } else {
                root = Path.of(c.backupRoot()).normalize();
                if (root.getNameCount() == 0) {
                    errors.add("backup-root", "the backup root must not be / itself");
                }
            }
        }
        range(errors, "timeout", c.rsyncTimeoutSeconds(), 10, 7 * 86400);
        range(errors, "max-concurrent", c.maxConcurrentBackups(), 1, 64);
        range(errors, "default-port", c.defaultSshPort(), 1, 65535);
        range(errors, "stale-run-timeout", c.staleRunTimeoutSeconds(), 30, 86400);
        range(errors, "run-log-retention-days", c.runLogRetentionDays(), 1, 3650);
        if (c.defaultSshUser() != null) {
            errors.check("default-user",
                    () -> org.pobsync.engine.rsync.HostValues.validateUser(c.defaultSshUser()));
        }
        errors.throwIfAny();
        RetentionSettings retention = c.retention() == null ? old.retention()
                : replaceRetention ? c.retention() : old.retention().with(c.retention());
        return new GlobalConfig(root, retention,
                pick(c.rsyncTimeoutSeconds(), old.rsyncTimeoutSeconds()),
                pick(c.maxConcurrentBackups(), old.maxConcurrentBackups()),
                pick(c.defaultSshUser(), old.defaultSshUser()), pick(c.defaultSshPort(), old.defaultSshPort()),
                pick(c.staleRunTimeoutSeconds(), old.staleRunTimeoutSeconds()),
                pick(c.runLogRetentionDays(), old.runLogRetentionDays()), clock.instant());
    }

    private GlobalConfig save(GlobalConfig updated, Changes c, String actor) {
        if (c.backupRoot() != null) {
            createBackupRoot(updated.backupRoot());
        }
        repository.save(updated);
        audit.record(actor, "global.update", "global", "backup_root=" + updated.backupRoot() + " retention="
                + updated.retention().describe() + " timeout=" + updated.rsyncTimeoutSeconds() + " max_concurrent="
                + updated.maxConcurrentBackups());
        return updated;
    }

    /** An operator who names a backup root wants it to exist; a later missing root means an unmounted disk. */
    private static void createBackupRoot(Path root) {
        try {
            java.nio.file.Files.createDirectories(root);
        } catch (java.io.IOException | SecurityException e) {
            throw new org.pobsync.validation.InvalidInputException("backup-root", "cannot create " + root + ": "
                    + e.getMessage());
        }
    }

    private static void range(Errors errors, String field, Integer v, int min, int max) {
        if (v != null && (v < min || v > max)) {
            errors.add(field, "must be between " + min + " and " + max + ", got " + v);
        }
    }

    private static <T> T pick(T v, T fallback) {
        return v != null ? v : fallback;
    }
}
