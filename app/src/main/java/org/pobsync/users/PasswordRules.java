package org.pobsync.users;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a panel password must be: at least {@link #MIN_LENGTH} characters and at most
 * {@link #MAX_BYTES} bytes (bcrypt reads no further, and Spring's encoder refuses longer ones
 * outright), not the user name, not one character or sequence over and over, and not one of the
 * 30,000 most common passwords ({@code common-passwords.txt}), also with digits or symbols added
 * before or after it ({@code password1234}, {@code 123456789012}, {@code !qwertyuiop!}). These
 * guard the only login to a server that holds root access to every backed-up host.
 */
final class PasswordRules {

    static final int MIN_LENGTH = 12;
    static final int MAX_BYTES = 72;
    /** A common password shorter than this is a word anyone may build on ("dragonfly-harbour"). */
    private static final int MIN_COMMON_CORE = 4;
    private static final Pattern NO_LETTERS = Pattern.compile("^[^\\p{L}]*$");
    private static final Set<String> COMMON = load();

    private PasswordRules() {
    }

    /** Throws IllegalArgumentException with the message for the password field. */
    static void check(String username, String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw new IllegalArgumentException("the password must have at least " + MIN_LENGTH + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("the password must be at most " + MAX_BYTES + " bytes (about "
                    + MAX_BYTES + " letters, fewer with accents or symbols): longer ones cannot be checked in full");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && !username.isEmpty() && builtOn(lower, Set.of(username.toLowerCase(Locale.ROOT)))) {
            throw new IllegalArgumentException("the password must not be the user name (with or without digits)");
        }
        if (repeatsOneUnit(lower)) {
            throw new IllegalArgumentException("the password must not be one character or sequence repeated");
        }
        if (isCommon(lower)) {
            throw new IllegalArgumentException("this is one of the most common passwords (or one with digits or"
                    + " symbols added); choose another, e.g. four unrelated words");
        }
    }

    /** aaaaaaaaaaaa, abababababab, passwordpassword. */
    static boolean repeatsOneUnit(String s) {
        int n = s.length();
        for (int unit = 1; unit <= n / 2; unit++) {
            if (n % unit == 0 && s.substring(0, unit).repeat(n / unit).equals(s)) {
                return true;
            }
        }
        return false;
    }

    /** A common password itself, or one with only digits and symbols before or after it. */
    static boolean isCommon(String lower) {
        return builtOn(lower, COMMON);
    }

    /** {@code lower} is one of {@code words}, or one of them (4 characters or more) with only non-letters around it. */
    private static boolean builtOn(String lower, Set<String> words) {
        if (words.contains(lower)) {
            return true;
        }
        for (int i = MIN_COMMON_CORE; i < lower.length(); i++) {
            if (words.contains(lower.substring(0, i)) && NO_LETTERS.matcher(lower.substring(i)).matches()) {
                return true;
            }
            int j = lower.length() - i;
            if (words.contains(lower.substring(j)) && NO_LETTERS.matcher(lower.substring(0, j)).matches()) {
                return true;
            }
        }
        String core = lower.replaceAll("^[^\\p{L}]+|[^\\p{L}]+$", "");
        return core.length() >= MIN_COMMON_CORE && words.contains(core);
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>(40_000);
        try (InputStream in = PasswordRules.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt is missing from the build");
            }
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    words.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
