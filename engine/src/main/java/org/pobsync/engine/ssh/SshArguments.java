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
    /** ssh splits option values on white space and expands %-tokens and ~ in file options. */
    private static final Pattern OPTION_PATH = Pattern.compile("^/[^\\s\"'%\\\\]*$");

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

    /** A file ssh reads through an {@code -o NAME=VALUE} option or {@code -i}: absolute, no spaces, no %. */
    public static String requireOptionPath(Path file) {
        String text = file.toAbsolutePath().normalize().toString();
        if (!OPTION_PATH.matcher(text).matches()) {
            throw new IllegalArgumentException("ssh cannot be given this path safely (spaces, quotes, '%' or '\\'): " + text);
        }
        return text;
    }
}
