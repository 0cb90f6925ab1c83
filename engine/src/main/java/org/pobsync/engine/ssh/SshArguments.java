package org.pobsync.engine.ssh;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The rules host-controlled values must pass before they reach an ssh, ssh-keyscan or known_hosts
 * line. Argument lists already keep a shell out; these rules keep a value from being read as an
 * option ({@code -oProxyCommand=…}), as a known_hosts pattern ({@code *}, {@code !}, {@code ,}) or
 * as a second option word.
 */
public final class SshArguments {

    /** Host names, IPv4 and IPv6 addresses (with an optional %zone); nothing that starts with '-'. */
    private static final Pattern ADDRESS = Pattern.compile("^[A-Za-z0-9:][A-Za-z0-9._:%-]{0,252}$");
    /** Portable POSIX user names (plus the trailing '$' of machine accounts). */
    private static final Pattern USER = Pattern.compile("^[A-Za-z0-9._][A-Za-z0-9._-]{0,31}\\$?$");
    /**
     * Characters a server file may not contain where it reaches ssh or rsync's {@code -e}: ssh
     * expands {@code %} tokens and {@code ${VAR}} in file options and splits option values at
     * quotes and backslashes; rsync's {@code -e} splitter reads quotes. Spaces are fine (they are
     * quoted where they would split a value).
     */
    public static final String UNSAFE_PATH_CHARACTERS = "'\"\\%$";

    private SshArguments() {
    }

    public static String requireAddress(String address) {
        if (address == null || !ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException("unsafe host address: \"" + address
                    + "\" (a host name or IP address; it may not start with '-' or contain spaces or shell characters)");
        }
        return address;
    }

    public static String requireUser(String user) {
        if (user == null || !USER.matcher(user).matches()) {
            throw new IllegalArgumentException("unsafe ssh user name: \"" + user + "\"");
        }
        return user;
    }

    public static int requirePort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("ssh port out of range: " + port);
        }
        return port;
    }

    /** A file ssh reads through {@code -i} or an {@code -o} option: none of {@link #UNSAFE_PATH_CHARACTERS}. */
    public static String requireOptionPath(Path file) {
        String text = file.toAbsolutePath().normalize().toString();
        boolean unsafe = text.chars().anyMatch(c -> c < 0x20 || c == 0x7f || UNSAFE_PATH_CHARACTERS.indexOf(c) >= 0);
        if (unsafe) {
            throw new IllegalArgumentException("ssh cannot be given this path safely (quotes, '\\', '%', '$' or control"
                    + " characters): " + text);
        }
        return text;
    }
}
