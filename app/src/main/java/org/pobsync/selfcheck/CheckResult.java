package org.pobsync.selfcheck;

/** One line of the Self Check: OK / WARN / FAIL, what was found, and what to do about it. */
public record CheckResult(String name, Level level, String message, String hint) {

    public enum Level { OK, WARN, FAIL }

    public static CheckResult ok(String name, String message) {
        return new CheckResult(name, Level.OK, message, null);
    }

    public static CheckResult warn(String name, String message, String hint) {
        return new CheckResult(name, Level.WARN, message, hint);
    }

    public static CheckResult fail(String name, String message, String hint) {
        return new CheckResult(name, Level.FAIL, message, hint);
    }
}
