package org.pobsync.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.pobsync.engine.tree.SnapshotPath;

/**
 * Everything the engine needs for one restore: paths of one snapshot, copied with rsync to a
 * directory on a host (SPEC section 13). Built by the application; the engine reads no
 * configuration itself.
 *
 * @param host        the host the snapshot belongs to (its lock is held while the restore runs)
 * @param snapshotDir the snapshot's directory; files are read from its {@code data/}
 * @param paths       what to restore, inside {@code data/}; the root restores everything
 * @param targetHost  the host written to, for its lock (the same as {@code host} unless restoring elsewhere)
 * @param transport   how the target is reached; {@link Transport#LOCAL} writes on this machine
 * @param ssh         the target's ssh details (pinned key), null for {@link Transport#LOCAL}
 * @param useSudo     the target's sudo setting: its rsync runs as {@code sudo rsync}
 * @param targetDir   absolute directory on the target; the paths land below it
 * @param delete      also delete what is in the target but not in the snapshot (inside the restored paths)
 * @param timeout     the target's I/O timeout
 * @param logFile     where rsync's whole output goes
 */
public record RestoreRequest(String host, Path backupRoot, Path snapshotDir, List<SnapshotPath> paths,
                             String targetHost, Transport transport, SshTarget ssh, boolean useSudo,
                             String targetDir, boolean delete, boolean dryRun, Duration timeout, Path logFile) {

    public RestoreRequest {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(backupRoot, "backupRoot");
        Objects.requireNonNull(snapshotDir, "snapshotDir");
        Objects.requireNonNull(targetHost, "targetHost");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(targetDir, "targetDir");
        Objects.requireNonNull(timeout, "timeout");
        paths = List.copyOf(paths);
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("a restore needs at least one path");
        }
        if (transport == Transport.SSH && ssh == null) {
            throw new IllegalArgumentException("ssh transport needs an ssh target");
        }
    }
}
