package org.pobsync.engine.process;

/**
 * One line a child process printed.
 *
 * @param text        the line without its terminator, decoded as UTF-8 (malformed bytes become
 *                    U+FFFD), at most 8 KiB of bytes (longer lines arrive in pieces)
 * @param overwritten true when the line ended with a carriage return: the program meant it to
 *                    be overwritten by the next one (rsync's progress display does this)
 */
public record OutputLine(Source source, String text, boolean overwritten) {

    public enum Source { STDOUT, STDERR }

    public boolean isStderr() {
        return source == Source.STDERR;
    }
}
