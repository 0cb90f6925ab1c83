package org.pobsync.hosts;

import java.time.Instant;
import java.util.List;
import org.pobsync.config.RetentionSettings;
import org.pobsync.engine.Transport;

/**
 * A machine pobsync backs up. The name is its identity: immutable, and the directory name under
 * the backup root. Null ssh user/port/timeout mean "the global default".
 */
public record Host(long id, String name, String address, Transport transport, String sshUser,
                   Integer sshPort, boolean useSudo, List<String> sourcePaths, List<String> excludes,
                   List<String> rsyncOptions, Integer bwlimitKbps, Integer timeoutSeconds,
                   RetentionSettings retentionOverride, boolean enabled, String notes,
                   Long activeRunId, Instant createdAt, Instant updatedAt) {

    public Host {
        sourcePaths = List.copyOf(sourcePaths);
        excludes = List.copyOf(excludes);
        rsyncOptions = List.copyOf(rsyncOptions);
    }

    public boolean hasRetentionOverride() {
        return retentionOverride != null;
    }
}
