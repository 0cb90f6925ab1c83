package org.pobsync.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a real binary (rsync, sshd, mariadbd, chromium) skip locally when it is
 * missing, but CI (CI=true) forbids skipping: there a missing binary fails the test, because
 * scripts/test installs everything.
 */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Returns the binary's path, or skips (locally) / fails (in CI) when it is missing. */
    public static Path requireBinary(String... candidates) {
        for (String candidate : candidates) {
            Path p = Path.of(candidate);
            if (p.isAbsolute() && Files.isExecutable(p)) {
                return p;
            }
            for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
                Path inPath = Path.of(dir, candidate);
                if (!dir.isEmpty() && Files.isExecutable(inPath)) {
                    return inPath;
                }
            }
        }
        String message = "required binary not found: " + String.join(" or ", candidates)
                + " (scripts/test installs it when run as root)";
        if (inCi()) {
            throw new IllegalStateException(message);
        }
        Assumptions.abort(message);
        return null;
    }

    public static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
