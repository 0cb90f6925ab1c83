package org.pobsync.notify;

/** A send that did not reach its channel, with one sentence an operator can act on (never a secret). */
public final class SendFailure extends Exception {

    private final boolean maybeDelivered;

    public SendFailure(String message) {
        this(message, false);
    }

    /** {@code maybeDelivered}: the receiver may have had it (a timeout after the request went out). */
    public SendFailure(String message, boolean maybeDelivered) {
        super(message);
        this.maybeDelivered = maybeDelivered;
    }

    public boolean maybeDelivered() {
        return maybeDelivered;
    }
}
