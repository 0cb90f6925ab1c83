package org.pobsync.users;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ties a panel session to the password it was opened with. The session keeps a fingerprint of the
 * account's password hash from the moment of login; the staff-session check compares it with the
 * account's current hash on every request, so changing or resetting a password (in the panel or
 * with {@code manage change-password} from another process) ends every other session of that
 * user at its next request. The session that changed its own password is marked again at once.
 */
public final class SessionCredentials {

    static final String ATTRIBUTE = "pobsync.credentials";

    private SessionCredentials() {
    }

    /** Marks the request's session (creating it) as opened with {@code passwordHash}. */
    public static void remember(HttpServletRequest request, String passwordHash) {
        request.getSession().setAttribute(ATTRIBUTE, fingerprint(passwordHash));
    }

    /**
     * Whether the request's session was opened with {@code passwordHash}. True without a session:
     * then the authentication belongs to this request alone, and there is nothing to end.
     */
    public static boolean current(HttpServletRequest request, String passwordHash) {
        HttpSession session = request.getSession(false);
        return session == null || fingerprint(passwordHash).equals(session.getAttribute(ATTRIBUTE));
    }

    /** Not the hash itself: the session needs only to tell hashes apart. */
    private static String fingerprint(String passwordHash) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(passwordHash).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
