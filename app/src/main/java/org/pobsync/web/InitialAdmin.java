package org.pobsync.web;

import java.io.PrintStream;
import java.security.SecureRandom;
import org.pobsync.users.UserService;

/**
 * SPEC section 12: the first start of the panel on an empty database creates an {@code admin}
 * superuser with a random password and prints that password once. It is never stored in clear
 * text and never printed again; {@code pobsync manage change-password admin} replaces it.
 */
final class InitialAdmin {

    static final String USERNAME = "admin";
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private InitialAdmin() {
    }

    /** Returns the password it created, or null when users already existed. */
    static String createIfNoUsers(UserService users, PrintStream out) {
        if (users.anyUser()) {
            return null;
        }
        String password = randomPassword(20);
        users.create(USERNAME, null, password, true, true, "pobsync:first-start");
        out.println("pobsync: created the first control panel account");
        out.println("pobsync:   user name: " + USERNAME);
        out.println("pobsync:   password:  " + password);
        out.println("pobsync: this password is shown only this once; change it with"
                + " 'pobsync manage change-password " + USERNAME + "'");
        out.flush();
        return password;
    }

    static String randomPassword(int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
