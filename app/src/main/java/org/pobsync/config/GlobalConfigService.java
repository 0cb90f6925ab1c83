package org.pobsync.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.pobsync.audit.AuditLog;
import org.pobsync.engine.StoreSetting;
import org.pobsync.engine.layout.BackupRootMarker;
import org.pobsync.engine.layout.FileErrors;
import org.pobsync.engine.layout.SnapshotLayout;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.Errors;
import org.pobsync.validation.InvalidInputException;

/** Reading and changing the server-wide configuration. */
public final class GlobalConfigService {

    /**
     * A change; null fields stay as they are.
     *
     * @param initializeRoot start the backup root afresh (a new marker) even when it looks like a
     *                       disk that is not mounted: the operator says the old snapshots are gone
     */
    public record Changes(String backupRoot, RetentionSettings retention, Integer rsyncTimeoutSeconds,
                          Integer maxConcurrentBackups, String defaultSshUser, Integer defaultSshPort,
                          Integer staleRunTimeoutSeconds, Integer runLogRetentionDays, StoreSetting snapshotStore,
                          boolean initializeRoot) {

        public Changes(String backupRoot, RetentionSettings retention, Integer rsyncTimeoutSeconds,
                       Integer maxConcurrentBackups, String defaultSshUser, Integer defaultSshPort,
                       Integer staleRunTimeoutSeconds, Integer runLogRetentionDays) {
            this(backupRoot, retention, rsyncTimeoutSeconds, maxConcurrentBackups, defaultSshUser, defaultSshPort,
                    staleRunTimeoutSeconds, runLogRetentionDays, null, false);
        }
    }

    private final GlobalConfigRepository repository;
    private final AuditLog audit;
    private final Clock clock;
    private final SnapshotHistory history;

    public GlobalConfigService(GlobalConfigRepository repository, AuditLog audit, Clock clock) {
        this(repository, audit, clock, SnapshotHistory.NONE);
    }

    /** @param history the snapshot records, to tell an unmounted backup disk from a new root */
    public GlobalConfigService(GlobalConfigRepository repository, AuditLog audit, Clock clock, SnapshotHistory history) {
        this.repository = repository;
        this.audit = audit;
        this.clock = clock;
        this.history = history;
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
                pick(c.runLogRetentionDays(), old.runLogRetentionDays()), clock.instant(),
                pick(c.snapshotStore(), old.snapshotStore()),
                root.equals(old.backupRoot()) ? old.backupRootId() : null);
    }

    private GlobalConfig save(GlobalConfig updated, Changes c, String actor) {
        if (c.backupRoot() != null || c.initializeRoot()) {
            String id = prepareRoot(updated.backupRoot(), updated.backupRootId(), c.initializeRoot());
            updated = new GlobalConfig(updated.backupRoot(), updated.retention(), updated.rsyncTimeoutSeconds(),
                    updated.maxConcurrentBackups(), updated.defaultSshUser(), updated.defaultSshPort(),
                    updated.staleRunTimeoutSeconds(), updated.runLogRetentionDays(), updated.updatedAt(),
                    updated.snapshotStore(), id);
        }
        repository.save(updated);
        audit.record(actor, "global.update", "global", "backup_root=" + updated.backupRoot() + " retention="
                + updated.retention().describe() + " timeout=" + updated.rsyncTimeoutSeconds() + " max_concurrent="
                + updated.maxConcurrentBackups() + " snapshot_store=" + updated.snapshotStore().dbValue()
                + (c.initializeRoot() ? " initialized" : ""));
        return updated;
    }

    /**
     * Makes a backup root an operator names ready for use and returns its marker id. A new root is
     * created (an operator who names it wants it to exist) and marked; a marked one keeps its
     * marker. A root that has held snapshots but lost its marker is most likely a backup disk
     * that is not mounted: it is refused unless the operator asks to initialize it.
     *
     * @param expectedId the marker id the database holds for this root, null for a root new to it
     */
    private String prepareRoot(Path root, String expectedId, boolean initialize) {
        BackupRootCheck check = Files.isDirectory(root) ? BackupRootCheck.of(root, expectedId, history) : null;
        String problem = check != null ? check.problem()
                : expectedId != null || BackupRootCheck.heldSnapshotsThatAreGone(root, history)
                ? SnapshotLayout.missingRoot(root) : null;
        if (problem != null && !initialize) {
            throw new InvalidInputException("backup-root", problem + "; mount the backup disk there, or add"
                    + " --initialize to start a new, empty backup root in " + root);
        }
        try {
            Files.createDirectories(root);
        } catch (IOException | SecurityException e) {
            throw new InvalidInputException("backup-root", "cannot create " + root + ": "
                    + (e instanceof IOException io ? FileErrors.describe(io) : e.getMessage()));
        }
        if (problem == null && check != null && check.markerId() != null) {
            return check.markerId();
        }
        try {
            return newMarker(root, initialize);
        } catch (IOException e) {
            if (initialize) {
                throw new InvalidInputException("backup-root", "cannot initialize " + root + ": " + FileErrors.describe(e));
            }
            // This process may only read the root (the panel under systemd): the first backup marks it.
            return null;
        }
    }

    /**
     * Creates and marks the backup root of a development checkout ({@code pobsync serve} without
     * POBSYNC_BACKUP_ROOT): only when {@code defaultRoot} is the configured root, does not exist,
     * and has never held snapshots. A root anyone configured is never created here (a missing
     * production root is an unmounted disk). Returns whether it created the root.
     */
    public boolean createDefaultRoot(Path defaultRoot, String actor) {
        GlobalConfig g = repository.get();
        if (!g.backupRoot().equals(defaultRoot) || g.backupRootId() != null || Files.exists(defaultRoot)
                || BackupRootCheck.heldSnapshotsThatAreGone(defaultRoot, history)) {
            return false;
        }
        String id = prepareRoot(defaultRoot, null, false);
        if (id != null) {
            repository.adoptBackupRootId(defaultRoot, id);
        }
        audit.record(actor, "global.backup_root.created", "global", "backup_root=" + defaultRoot);
        return true;
    }

    /** A new marker; with initialize, one that replaces a marker of another root. */
    private String newMarker(Path root, boolean initialize) throws IOException {
        if (initialize) {
            Files.deleteIfExists(BackupRootMarker.fileIn(root));
        }
        return BackupRootMarker.create(root, clock.instant());
    }

    /**
     * The configuration, once its backup root is fit for a backup to write into: it exists, and
     * it carries its marker if it ever held snapshots. A root used for the first time is marked
     * now. Everything that writes snapshots calls this first.
     *
     * @throws ConflictException saying why the root cannot be used
     */
    public GlobalConfig forBackup() {
        GlobalConfig g = repository.get();
        BackupRootCheck check = BackupRootCheck.of(g.backupRoot(), g.backupRootId(), history);
        if (!check.usable()) {
            throw new ConflictException(check.problem());
        }
        String id = check.markerId();
        if (id == null) {
            try {
                id = BackupRootMarker.create(g.backupRoot(), clock.instant());
            } catch (IOException e) {
                throw new ConflictException("cannot mark the backup root " + g.backupRoot() + ": " + FileErrors.describe(e));
            }
        }
        if (g.backupRootId() == null) {
            repository.adoptBackupRootId(g.backupRoot(), id);
            g = repository.get();
            if (!id.equals(g.backupRootId())) {
                throw new ConflictException(BackupRootMarker.foreign(g.backupRoot()));
            }
        }
        return g;
    }

    /**
     * The configuration, once its backup root is fit to be read or pruned: as {@link #forBackup},
     * but it never writes a marker (the panel's process may only read the root).
     *
     * @throws ConflictException saying why the root cannot be used
     */
    public GlobalConfig forRootAccess() {
        GlobalConfig g = repository.get();
        String problem = BackupRootCheck.of(g.backupRoot(), g.backupRootId(), history).problem();
        if (problem != null) {
            throw new ConflictException(problem);
        }
        return g;
    }

    /** Why the backup root cannot be used now, or null when it can (Self Check, status). */
    public String backupRootProblem() {
        GlobalConfig g = repository.get();
        return BackupRootCheck.of(g.backupRoot(), g.backupRootId(), history).problem();
    }

    /**
     * The snapshot store an operator typed (the CLI's --snapshot-store, the settings page's
     * field): null and an error in {@code errors} when it is none of auto, hardlink, btrfs.
     */
    public static StoreSetting parseStore(String text, Errors errors) {
        StoreSetting store = text == null ? null : StoreSetting.parse(text.strip()).orElse(null);
        if (store == null) {
            errors.add("snapshot-store", "must be auto, hardlink or btrfs, got '" + text + "'");
        }
        return store;
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
