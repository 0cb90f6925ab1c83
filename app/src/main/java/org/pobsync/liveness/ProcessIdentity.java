package org.pobsync.liveness;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's machine name and pid, used for worker ids and heartbeats. */
public final class ProcessIdentity {

    private static final String HOSTNAME = resolveHostname();

    private ProcessIdentity() {
    }

    public static String hostname() {
        return HOSTNAME;
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
