package org.pobsync.cli;

/** Bad input from the command line that parsing alone cannot catch; exits with code 2. */
public class UsageError extends RuntimeException {
    public UsageError(String message) {
        super(message);
    }
}
