package org.pobsync.engine.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.pobsync.engine.BackupListener;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.HostBusyException;
import org.pobsync.engine.RestoreRequest;
import org.pobsync.engine.RunOutcome;
import org.pobsync.engine.TransferStats;
import org.pobsync.engine.layout.FileErrors;
import org.pobsync.engine.layout.HostLock;
import org.pobsync.engine.layout.SnapshotLayout;
import org.pobsync.engine.process.ProcessRunner;
import org.pobsync.engine.rsync.InvalidBackupConfigException;
import org.pobsync.engine.rsync.RestoreCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one restore (SPEC section 13): rsync from a snapshot's {@code data/} to a directory on a
 * host, with the same process runner, run output, cancel and stall watch as a backup. It holds
 * the lock of the snapshot's host (so no prune deletes the snapshot and no backup of that host
 * runs meanwhile) and, when restoring to another host, that host's lock too.
 */
public class RestoreEngine {

    private static final Logger log = LoggerFactory.getLogger(RestoreEngine.class);

    private final Clock clock;
    private final RestoreCommand command;
    private final ProcessRunner processRunner;
    private final Duration cancelGrace;

    public RestoreEngine(Clock clock, String rsyncProgram, String sshProgram, Duration cancelGrace) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.command = new RestoreCommand(rsyncProgram, sshProgram);
        this.cancelGrace = Objects.requireNonNull(cancelGrace, "cancelGrace");
        this.processRunner = new ProcessRunner(cancelGrace);
    }

    /** rsync and ssh from PATH, a 10 second cancel grace period. */
    public RestoreEngine(Clock clock) {
        this(clock, "rsync", "ssh", Duration.ofSeconds(10));
    }

    /**
     * Runs the restore (or its dry run), reporting to the listener. Failures of rsync, ssh or the
     * disk are results, not exceptions.
     *
     * @throws InvalidBackupConfigException before anything runs, for a value that may not reach the command line
     * @throws HostBusyException            when a backup or prune holds one of the two hosts
     */
    public BackupResult run(RestoreRequest request, BackupListener listener) {
        RestoreCommand.validate(request);
        Instant startedAt = clock.instant();
        SnapshotLayout layout = new SnapshotLayout(request.backupRoot());
        List<HostLock> locks = new ArrayList<>();
        try {
            locks.add(HostLock.acquire(layout.lockFile(request.host()), request.host()));
            if (!request.targetHost().equals(request.host())) {
                layout.createHostDir(request.targetHost());
                locks.add(HostLock.acquire(layout.lockFile(request.targetHost()), request.targetHost()));
            }
        } catch (IOException e) {
            release(locks);
            return failedToStart(request, startedAt, "cannot lock the host: " + FileErrors.describe(e));
        } catch (RuntimeException e) {
            release(locks);
            throw e;
        }
        try {
            return new RestoreExecution(request, listener, command, processRunner, clock, cancelGrace, startedAt).run();
        } finally {
            release(locks);
        }
    }

    /** The rsync command a restore would run, without running it. */
    public List<String> plannedCommand(RestoreRequest request) {
        return command.argv(request);
    }

    private static void release(List<HostLock> locks) {
        for (HostLock lock : locks) {
            try {
                lock.close();
            } catch (IOException e) {
                log.warn("releasing {} failed: {}", lock.file(), e.toString());
            }
        }
    }

    static BackupResult failedToStart(RestoreRequest request, Instant startedAt, Instant now, String summary) {
        log.warn("restore from {} could not start: {}", request.host(), summary);
        return new BackupResult(RunOutcome.FAILED, null, null, null, null, null, summary, TransferStats.NONE,
                List.of(), startedAt, now);
    }

    private BackupResult failedToStart(RestoreRequest request, Instant startedAt, String summary) {
        return failedToStart(request, startedAt, clock.instant(), summary);
    }
}
