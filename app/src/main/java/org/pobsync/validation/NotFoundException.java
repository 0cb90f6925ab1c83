package org.pobsync.validation;

/** A named thing (host, run, snapshot, user) does not exist: 404 on the web, exit 1 on the CLI. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
