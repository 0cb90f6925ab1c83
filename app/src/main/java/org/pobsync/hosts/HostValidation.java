package org.pobsync.hosts;

import java.util.List;
import org.pobsync.engine.rsync.HostValues;

/**
 * Input rules for host configuration, checked when configuration is saved so bad values never
 * reach a run. The rules themselves are the engine's ({@link HostValues}), the same ones it
 * applies again when it builds the rsync command; this class maps them to form/CLI field names.
 */
public final class HostValidation {

    private HostValidation() {
    }

    public static String requireHostName(String name) {
        HostValues.validateHostName(name);
        return name;
    }

    /** Trailing slashes are a common way of writing a directory; rsync semantics need them gone. */
    static List<String> normalizePaths(List<String> paths) {
        return paths.stream().map(p -> p != null && p.length() > 1 && p.endsWith("/")
                ? p.replaceAll("/+$", "") : p).toList();
    }

    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.length() > 80 ? sb.substring(0, 80) + "…" : sb.toString();
    }
}
