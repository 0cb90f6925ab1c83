package org.pobsync.engine.rsync;

/**
 * A host value that pobsync refuses to put on an rsync or ssh command line. The message is one
 * line, starts with the field name ({@code "address: ..."}) and is meant to be shown to the
 * operator next to that field.
 */
public class InvalidBackupConfigException extends IllegalArgumentException {

    private final String field;

    public InvalidBackupConfigException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The configuration field at fault: address, user, port, source_paths, excludes, rsync_options, ... */
    public String field() {
        return field;
    }

    /** A value quoted for a one-line message: control characters become visible escapes. */
    static String quote(String value) {
        StringBuilder sb = new StringBuilder("\"");
        int shown = 0;
        for (int i = 0; i < value.length() && shown < 120; i++, shown++) {
            char c = value.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == 0) {
                sb.append("\\0");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else {
                sb.append(c);
            }
        }
        if (value.length() > 120) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}
