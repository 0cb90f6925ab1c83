package org.pobsync.legacy;

/**
 * One thing wrong with a legacy file: the file (relative to the prefix), the key path inside it
 * ({@code schedule.cron}, {@code source_paths[2]}; empty for the file as a whole), the line and
 * column when known (0 otherwise) and what is wrong, in words. Printed as
 * {@code config/hosts/web1.yaml: schedule.cron: invalid cron expression ... (line 14)}.
 */
public record LegacyProblem(String file, String key, int line, int column, String message) {

    @Override
    public String toString() {
        String at = line <= 0 ? "" : column <= 0 ? " (line " + line + ")" : " (line " + line + ", column " + column + ")";
        return file + ": " + (key.isEmpty() ? "" : key + ": ") + message + at;
    }

    /** A value quoted for a one-line message. */
    static String quote(String value) {
        return "'" + printable(value) + "'";
    }

    /** Control characters made visible and long values cut, so a hostile value cannot garble a terminal. */
    static String printable(String value) {
        StringBuilder sb = new StringBuilder();
        int limit = Math.min(value.length(), 120);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(value.length() > limit ? "..." : "").toString();
    }
}
