package org.pobsync.engine.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.pobsync.engine.BackupListener;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.HostBusyException;
import org.pobsync.engine.RunOutcome;
import org.pobsync.engine.StoreSetting;
import org.pobsync.engine.TransferStats;
import org.pobsync.engine.btrfs.Btrfs;
import org.pobsync.engine.layout.FileErrors;
import org.pobsync.engine.layout.HostLock;
import org.pobsync.engine.layout.SnapshotEntry;
import org.pobsync.engine.layout.SnapshotLayout;
import org.pobsync.engine.process.ProcessRunner;
import org.pobsync.engine.rsync.InvalidBackupConfigException;
import org.pobsync.engine.rsync.RsyncCommand;
import org.pobsync.engine.store.StoreChoice;
import org.pobsync.engine.store.StoreProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one backup of one host: rsync into {@code <name>.incomplete}, started from the newest
 * complete snapshot the way the backup root's snapshot store does it (hard links, or a btrfs
 * snapshot), renamed into place only when rsync's exit code says the snapshot is good. See the
 * package documentation for the rules and why they are what they are.
 *
 * <p>Thread-safe: one engine serves every concurrent backup; the per-host lock keeps two runs
 * of the same host apart.
 */
public class BackupEngine {

    private static final Logger log = LoggerFactory.getLogger(BackupEngine.class);
    static final Duration TICK = Duration.ofSeconds(1);

    private final Clock clock;
    private final RsyncCommand rsyncCommand;
    private final ProcessRunner processRunner;
    private final Duration cancelGrace;
    private final String pobsyncVersion;
    private final StoreProbe stores;

    /**
     * @param rsyncProgram   the rsync binary ("rsync": found on PATH)
     * @param sshProgram     the ssh binary rsync starts ("ssh": found on PATH)
     * @param cancelGrace    time between SIGTERM and SIGKILL when a run is cancelled
     * @param pobsyncVersion recorded in every snapshot.json
     */
    public BackupEngine(Clock clock, String rsyncProgram, String sshProgram, Duration cancelGrace,
                        String pobsyncVersion) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rsyncCommand = new RsyncCommand(rsyncProgram, sshProgram);
        this.cancelGrace = Objects.requireNonNull(cancelGrace, "cancelGrace");
        this.pobsyncVersion = Objects.requireNonNull(pobsyncVersion, "pobsyncVersion");
        this.processRunner = new ProcessRunner(cancelGrace);
        this.stores = new StoreProbe(new Btrfs());
    }

    /** rsync and ssh from PATH, a 10 second cancel grace period. */
    public BackupEngine(Clock clock, String pobsyncVersion) {
        this(clock, "rsync", "ssh", Duration.ofSeconds(10), pobsyncVersion);
    }

    /**
     * Runs the backup (or dry run) described by the request, reporting to the listener, and
     * returns how it ended. Failures of rsync, ssh or the disk are results (outcome FAILED with an
     * error summary), not exceptions.
     *
     * @throws InvalidBackupConfigException before anything is touched, for a value that may not
     *                                      reach the command line
     * @throws HostBusyException            when another backup or prune holds the host's lock
     */
    public BackupResult run(BackupRequest request, BackupListener listener) {
        RsyncCommand.validate(request);
        Instant startedAt = clock.instant();
        SnapshotLayout layout = new SnapshotLayout(request.backupRoot());
        Path lockFile;
        try {
            layout.createHostDir(request.host());
            lockFile = layout.lockFile(request.host());
        } catch (IOException e) {
            return failedToStart(request, startedAt, e.getMessage());
        }
        StoreChoice store = stores.choose(layout.root(), request.snapshotStore());
        if (!store.usable() && !request.dryRun()) {
            return failedToStart(request, startedAt, "no snapshot store: " + store.reason());
        }
        HostLock lock;
        try {
            lock = HostLock.acquire(lockFile, request.host());
        } catch (IOException e) {
            return failedToStart(request, startedAt, "cannot lock the host: " + FileErrors.describe(e));
        }
        try {
            BackupExecution execution = new BackupExecution(request, listener, layout, rsyncCommand,
                    processRunner, clock, cancelGrace, pobsyncVersion, startedAt, store, stores);
            return execution.run();
        } finally {
            try {
                lock.close();
            } catch (IOException e) {
                log.warn("releasing the lock of {} failed: {}", request.host(), e.toString());
            }
        }
    }

    /**
     * The store a backup into {@code root} would use now, and why (Self Check, the CLI). Probes
     * the root when the last answer is older than a minute.
     */
    public StoreChoice snapshotStore(Path root, StoreSetting setting) {
        return stores.choose(root, setting);
    }

    /**
     * The rsync command a backup would run now, without running it or touching the disk (for
     * "show the command" modes and debugging).
     */
    public List<String> plannedCommand(BackupRequest request) throws IOException {
        RsyncCommand.validate(request);
        SnapshotLayout layout = new SnapshotLayout(request.backupRoot());
        Path base = layout.newestBase(request.host()).map(SnapshotEntry::path).orElse(null);
        Path target = layout.incompleteDir(request.host(), layout.uniqueName(request.host(), clock.instant()));
        return rsyncCommand.argv(request, target, base);
    }

    private BackupResult failedToStart(BackupRequest request, Instant startedAt, String summary) {
        log.warn("backup of {} could not start: {}", request.host(), summary);
        return new BackupResult(RunOutcome.FAILED, null, null, null, null, null, summary, TransferStats.NONE,
                List.of(), startedAt, clock.instant());
    }
}
