package org.pobsync.liveness;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's machine name, pid and instance, used for worker ids, claims and heartbeats. */
public final class ProcessIdentity {

    private static final String HOSTNAME = resolveHostname();
    /** Drawn once per process: tells this process from an earlier one that had the same pid. */
    private static final String INSTANCE = java.util.UUID.randomUUID().toString();

    private ProcessIdentity() {
    }

    public static String hostname() {
        return HOSTNAME;
    }

    /**
     * A random id of this process, recorded with every claim it makes. Constant for the life of
     * the JVM, so every service in it (tests run several) agrees on what "this process" is.
     */
    public static String instance() {
        return INSTANCE;
    }

    public static long pid() {
        return ProcessHandle.current().pid();
    }

    /** "kind:hostname:pid", e.g. "cli:backup1:4242". */
    public static String id(String kind) {
        return kind + ":" + HOSTNAME + ":" + pid();
    }

    private static String resolveHostname() {
        try {
            String h = Files.readString(Path.of("/etc/hostname")).trim();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (Exception ignored) {
            // fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
