package org.pobsync.engine.btrfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's effective capabilities, from {@code /proc/self/status}. */
public final class Capabilities {

    private static final int CAP_SYS_ADMIN = 21;

    private Capabilities() {
    }

    /** Whether this process holds CAP_SYS_ADMIN (root does; the systemd worker does not). */
    public static boolean hasSysAdmin() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long caps = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                    return (caps & (1L << CAP_SYS_ADMIN)) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }
}
