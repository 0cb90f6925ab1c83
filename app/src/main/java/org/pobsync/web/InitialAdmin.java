package org.pobsync.web;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.pobsync.users.InitialPasswordFile;
import org.pobsync.users.UserService;

/**
 * SPEC section 12: the first start of the panel on an empty database creates an {@code admin}
 * superuser with a random password and prints that password once, in a box after the panel is
 * listening (so it is not lost between start-up log lines), with the address to sign in at. A
 * copy waits in the data dir's {@code initial-admin-password} (0600) until the first sign-in;
 * {@code pobsync manage change-password admin} replaces the password.
 */
final class InitialAdmin {

    static final String USERNAME = InitialPasswordFile.FIRST_ACCOUNT;
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The account a first start created: its password and the file that holds a copy (null if none). */
    record Created(String password, Path file) {
    }

    private InitialAdmin() {
    }

    /** Creates the account when there are no users yet; null when users already existed. */
    static Created createIfNoUsers(UserService users) {
        if (users.anyUser()) {
            return null;
        }
        String password = randomPassword(20);
        return new Created(password, users.createInitialAdmin(password));
    }

    /** The notice an operator must not miss: a box with the address, the account and where the copy is. */
    static void printNotice(Created created, String url, PrintStream out) {
        List<String> lines = new ArrayList<>(List.of(
                "First start: created the control panel account",
                "",
                "  sign in at:  " + url,
                "  user name:   " + USERNAME,
                "  password:    " + created.password(),
                ""));
        if (created.file() != null) {
            lines.add("Also in " + created.file() + " (0600),");
            lines.add("deleted when " + USERNAME + " first signs in.");
        }
        lines.add("Shown only this once; change it with: pobsync manage change-password " + USERNAME);
        int width = lines.stream().mapToInt(String::length).max().orElse(0);
        // Each line keeps the "pobsync: " mark of the command's own output (stdout), and the box
        // goes out in one print, so no log line lands inside it.
        String rule = "pobsync: +" + "-".repeat(width + 2) + "+\n";
        StringBuilder box = new StringBuilder(rule);
        for (String line : lines) {
            box.append("pobsync: | ").append(line).append(" ".repeat(width - line.length())).append(" |\n");
        }
        out.print(box.append(rule));
        out.flush();
    }

    static String randomPassword(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
