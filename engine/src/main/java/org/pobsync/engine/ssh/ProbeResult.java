package org.pobsync.engine.ssh;

import java.util.Objects;

/**
 * The outcome of a connection test: either connected (with the remote rsync's version line when
 * it could be read) or a classified failure. {@link #message()} is the one line to show.
 *
 * @param rsyncVersion the remote {@code rsync --version} first line; empty when not known
 * @param failure      null when {@code ok}
 */
public record ProbeResult(boolean ok, String rsyncVersion, String message, SshFailure failure) {

    public ProbeResult {
        rsyncVersion = rsyncVersion == null ? "" : rsyncVersion;
        Objects.requireNonNull(message, "message");
        if (ok != (failure == null)) {
            throw new IllegalArgumentException("a probe result is ok exactly when it has no failure");
        }
    }

    static ProbeResult connected(String rsyncVersion) {
        return new ProbeResult(true, rsyncVersion, "connected: " + rsyncVersion, null);
    }

    /** Logged in, but a forced rrsync command answered instead of rsync, so no version is known. */
    static ProbeResult connectedThroughRrsync() {
        return new ProbeResult(true, "", "connected; the key is restricted to rrsync (read-only),"
                + " so the remote rsync version is not shown", null);
    }

    static ProbeResult failed(SshFailure failure) {
        return new ProbeResult(false, "", failure.message(), failure);
    }

    public SshFailure.Reason reason() {
        return failure == null ? null : failure.reason();
    }
}
