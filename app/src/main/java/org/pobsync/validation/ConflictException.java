package org.pobsync.validation;

/** The request is valid but the current state refuses it (host busy, run already finished, …). */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
