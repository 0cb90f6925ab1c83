package org.pobsync.notify;

/** A send that did not reach its channel, with one sentence an operator can act on (never a secret). */
public final class SendFailure extends Exception {

    public SendFailure(String message) {
        super(message);
    }
}
