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

    private static final String THROUGH_RRSYNC = "connected; the key is restricted to rrsync (read-only),"
            + " so the remote rsync version is not shown";

    /** Logged in, but a forced rrsync command answered instead of rsync, so no version is known. */
    static ProbeResult connectedThroughRrsync() {
        return new ProbeResult(true, "", THROUGH_RRSYNC, null);
    }

    /** Connected, and the key is restricted to rrsync (which refuses rsync's --protect-args). */
    public boolean restrictedToRrsync() {
        return ok && message.startsWith(THROUGH_RRSYNC);
    }

    /** The same result with {@code note} added to its message. */
    public ProbeResult withNote(String note) {
        return new ProbeResult(ok, rsyncVersion, message + "; " + note, failure);
    }

    /** Logged in, but a check of what a backup needs failed; {@code message} says which. */
    public static ProbeResult failedCheck(String message) {
        return failed(new SshFailure(SshFailure.Reason.OTHER, message, null));
    }

    static ProbeResult failed(SshFailure failure) {
        return new ProbeResult(false, "", failure.message(), failure);
    }

    public SshFailure.Reason reason() {
        return failure == null ? null : failure.reason();
    }
}
