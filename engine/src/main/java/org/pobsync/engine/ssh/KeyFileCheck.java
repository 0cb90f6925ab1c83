package org.pobsync.engine.ssh;

/** Whether the server's key pair is present and safe to use, with a hint when it is not. */
public record KeyFileCheck(Status status, String message) {

    public enum Status { OK, WARN, FAIL }

    static KeyFileCheck ok(String message) {
        return new KeyFileCheck(Status.OK, message);
    }

    static KeyFileCheck warn(String message) {
        return new KeyFileCheck(Status.WARN, message);
    }

    static KeyFileCheck fail(String message) {
        return new KeyFileCheck(Status.FAIL, message);
    }
}
