package org.pobsync.browse;

/**
 * The one byte range of a {@code Range: bytes=…} request header that a download serves
 * (RFC 9110 section 14): {@code a-b}, {@code a-} or the suffix {@code -n}. Several ranges are
 * served as the whole file (allowed, and what resuming clients never ask for).
 *
 * @param start first byte, inclusive
 * @param end   last byte, inclusive
 */
record ByteRange(long start, long end) {

    /** The header names no range we serve: answer with the whole file. */
    static final ByteRange WHOLE = new ByteRange(-1, -1);
    /** The header is well-formed but no byte of it exists: 416. */
    static final ByteRange UNSATISFIABLE = new ByteRange(-2, -2);

    long length() {
        return end - start + 1;
    }

    static ByteRange parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return WHOLE;
        }
        String spec = header.substring("bytes=".length()).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return WHOLE;
        }
        try {
            String first = spec.substring(0, dash).strip();
            String last = spec.substring(dash + 1).strip();
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                if (suffix <= 0 || size == 0) {
                    return UNSATISFIABLE;
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (start < 0 || start >= size) {
                return UNSATISFIABLE;
            }
            if (end < start) {
                return WHOLE; // an invalid range is ignored, says the RFC
            }
            return new ByteRange(start, end);
        } catch (NumberFormatException e) {
            return WHOLE;
        }
    }
}
