package org.pobsync.engine.rsync;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether rsync, started by this process, must be told {@code --super}.
 *
 * <p>rsync preserves owners, groups and device files only when it believes it is the super-user,
 * and it decides that from its uid alone. A production worker runs as the unprivileged
 * {@code pobsync} user with the capabilities to chown and read everything (systemd's
 * {@code AmbientCapabilities=}, inherited by rsync); without {@code --super} rsync would
 * silently give every file in the snapshot the {@code pobsync} owner. With {@code --super} and
 * without those capabilities, every chown fails and every backup ends partial, which is why the
 * option is added only when the process holds {@code CAP_CHOWN} and is not root (as root it
 * changes nothing).
 */
public final class ReceiverPrivileges {

    /** Bit 0 of the capability sets in /proc/self/status. */
    static final int CAP_CHOWN = 0;

    private ReceiverPrivileges() {
    }

    /** The answer for this process, from /proc/self/status; false where it cannot be read. */
    public static boolean needsSuperFlag() {
        try {
            return needsSuperFlag(Files.readString(Path.of("/proc/self/status")));
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    /** The answer for the given contents of /proc/PID/status: not root, and CAP_CHOWN effective. */
    static boolean needsSuperFlag(String procStatus) {
        String uid = field(procStatus, "Uid:");
        String capEff = field(procStatus, "CapEff:");
        if (uid == null || capEff == null) {
            return false;
        }
        String[] uids = uid.trim().split("\\s+");
        if (uids.length < 2 || uids[1].equals("0")) {
            return false; // the effective uid is the second of real, effective, saved, filesystem
        }
        try {
            return new BigInteger(capEff.trim(), 16).testBit(CAP_CHOWN);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String field(String procStatus, String name) {
        for (String line : procStatus.split("\n")) {
            if (line.startsWith(name)) {
                return line.substring(name.length());
            }
        }
        return null;
    }
}
