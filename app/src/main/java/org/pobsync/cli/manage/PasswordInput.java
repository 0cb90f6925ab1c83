package org.pobsync.cli.manage;

import java.io.Console;
import java.util.Arrays;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.UsageError;

/** Reads a new password: from the terminal twice, or from an environment variable with --no-input. */
final class PasswordInput {

    static final String ENV = "POBSYNC_SUPERUSER_PASSWORD";

    private PasswordInput() {
    }

    static String read(CliContext ctx, boolean noInput, String envName) {
        if (noInput) {
            String p = ctx.env().get(envName);
            if (p == null || p.isEmpty()) {
                throw new UsageError("--no-input needs the password in the environment variable " + envName);
            }
            return p;
        }
        Console console = System.console();
        if (console == null) {
            throw new UsageError("no terminal to ask for a password: use --no-input with " + envName);
        }
        char[] first = console.readPassword("Password: ");
        char[] second = console.readPassword("Password (again): ");
        try {
            if (first == null || second == null || !Arrays.equals(first, second)) {
                throw new UsageError("the passwords do not match");
            }
            return new String(first);
        } finally {
            if (first != null) {
                Arrays.fill(first, '\0');
            }
            if (second != null) {
                Arrays.fill(second, '\0');
            }
        }
    }
}
