package org.pobsync.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything the engine needs for one backup of one host. Built by the application from the
 * database; the engine never reads configuration itself.
 *
 * @param host          the host name, also the directory name under the backup root
 * @param ssh           required for {@link Transport#SSH}, null for {@link Transport#LOCAL}
 * @param extraOptions  allowlisted rsync options (validated again by the command builder)
 * @param bwlimitKbps   null for no limit
 * @param logFile       where the full rsync output of this run goes
 * @param snapshotStore how the backup root keeps snapshots (SPEC section 15)
 */
public record BackupRequest(String host, Transport transport, SshTarget ssh, boolean useSudo,
                            List<String> sourcePaths, List<String> excludes,
                            List<String> extraOptions, Integer bwlimitKbps, Duration timeout,
                            boolean dryRun, Path backupRoot, Path logFile, StoreSetting snapshotStore) {

    /** A request for the {@code auto} store. */
    public BackupRequest(String host, Transport transport, SshTarget ssh, boolean useSudo, List<String> sourcePaths,
                         List<String> excludes, List<String> extraOptions, Integer bwlimitKbps, Duration timeout,
                         boolean dryRun, Path backupRoot, Path logFile) {
        this(host, transport, ssh, useSudo, sourcePaths, excludes, extraOptions, bwlimitKbps, timeout, dryRun,
                backupRoot, logFile, StoreSetting.AUTO);
    }

    public BackupRequest {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(snapshotStore, "snapshotStore");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(backupRoot, "backupRoot");
        Objects.requireNonNull(timeout, "timeout");
        sourcePaths = List.copyOf(sourcePaths);
        excludes = List.copyOf(excludes);
        extraOptions = List.copyOf(extraOptions);
        if (transport == Transport.SSH && ssh == null) {
            throw new IllegalArgumentException("ssh transport needs an ssh target");
        }
    }
}
