package org.pobsync.engine.ssh;

/** A host key scan that returned no keys, with the reason in the failure's operator sentence. */
public final class HostKeyScanException extends Exception {

    private final transient SshFailure failure;

    public HostKeyScanException(SshFailure failure) {
        super(failure.message());
        this.failure = failure;
    }

    public SshFailure failure() {
        return failure;
    }
}
