package org.pobsync.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Where and how to reach a host over ssh. Every value here ends up in an argument list, never in
 * a shell; {@link org.pobsync.engine.rsync.RsyncCommand} still refuses values that could be read
 * as options.
 */
public record SshTarget(String address, String user, int port, Path identityFile,
                        Path knownHostsFile, Duration connectTimeout) {
    public SshTarget {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(identityFile, "identityFile");
        Objects.requireNonNull(knownHostsFile, "knownHostsFile");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }
}
