package org.pobsync.engine.tree;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One file name as the file system holds it: bytes, not necessarily UTF-8, possibly with
 * newlines or control characters. Its text form ({@link #escaped()}) is what the panel shows,
 * the CLI prints and URLs and the API carry, and {@link #parse} turns it back into exactly the
 * same bytes, so a name that is not valid UTF-8 can still be browsed, downloaded and (later)
 * restored. Valid UTF-8 without control characters, format characters or backslashes is its own
 * text form; everything else is escaped:
 * <pre>
 *   \\  a backslash          \n \t \r   newline, tab, carriage return
 *   \xHH  one raw byte (invalid UTF-8, other C0 controls, DEL)
 *   &#92;u{H…}  one code point (C1 controls, bidi overrides and other invisible format characters)
 * </pre>
 */
public final class EntryName implements Comparable<EntryName> {

    /** The name's bytes followed by one NUL, ready for a system call. */
    private final byte[] z;
    private String escaped;

    private EntryName(byte[] z) {
        this.z = z;
    }

    /** A name from raw bytes (a copy is kept); throws for "", ".", "..", '/' or NUL. */
    public static EntryName ofBytes(byte[] bytes) {
        String problem = problem(bytes);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return new EntryName(Arrays.copyOf(bytes, bytes.length + 1));
    }

    /** A name whose bytes are the UTF-8 of {@code text}, taken literally (no unescaping). */
    public static EntryName literal(String text) {
        return ofBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The name whose {@link #escaped()} form is {@code text}; IllegalArgumentException when it is not one. */
    public static EntryName parse(String text) {
        return ofBytes(unescape(text));
    }

    /** Trusted NUL-terminated bytes straight from getdents64 (never "", ".", "..", '/'). */
    static EntryName fromDirectory(byte[] nulTerminated) {
        return new EntryName(nulTerminated);
    }

    public byte[] bytes() {
        return Arrays.copyOf(z, z.length - 1);
    }

    public int length() {
        return z.length - 1;
    }

    /** The bytes followed by NUL, for a system call (never modified by one). */
    byte[] cString() {
        return z;
    }

    /** The bytes as ISO-8859-1 characters, one char per byte: carries them unchanged through APIs that take strings. */
    public String latin1() {
        return new String(z, 0, z.length - 1, StandardCharsets.ISO_8859_1);
    }

    /** True when the name is valid UTF-8 and shown as it is. */
    public boolean isPlain() {
        return escaped().equals(new String(z, 0, z.length - 1, StandardCharsets.UTF_8));
    }

    /** The text form (see the class comment). */
    public String escaped() {
        String e = escaped;
        if (e == null) {
            e = escape(bytes());
            escaped = e;
        }
        return e;
    }

    @Override
    public String toString() {
        return escaped();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EntryName other && Arrays.equals(z, other.z);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(z);
    }

    /** Byte order, unsigned: what {@code ls} shows in the C locale, and code point order for UTF-8. */
    @Override
    public int compareTo(EntryName o) {
        return Arrays.compareUnsigned(z, 0, z.length - 1, o.z, 0, o.z.length - 1);
    }

    static String problem(byte[] bytes) {
        if (bytes.length == 0) {
            return "an empty file name";
        }
        if (bytes.length == 1 && bytes[0] == '.' || bytes.length == 2 && bytes[0] == '.' && bytes[1] == '.') {
            return "'" + new String(bytes, StandardCharsets.US_ASCII) + "' is not allowed in a path";
        }
        for (byte b : bytes) {
            if (b == '/' || b == 0) {
                return "a file name cannot contain " + (b == 0 ? "a NUL byte" : "'/'");
            }
        }
        if (bytes.length > 255) {
            return "a file name longer than 255 bytes";
        }
        return null;
    }

    /**
     * Any bytes in the escaped form, '/' included as it is: how a symlink's target is shown
     * (it is a path, not a name).
     */
    public static String escapeBytes(byte[] bytes) {
        return escape(bytes);
    }

    static String escape(byte[] bytes) {
        if (printableAscii(bytes)) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        StringBuilder out = new StringBuilder(bytes.length + 8);
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            int len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
            String decoded = null;
            if (len > 0 && i + len <= bytes.length) {
                try {
                    CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(bytes, i, len));
                    decoded = chars.toString();
                } catch (CharacterCodingException e) {
                    decoded = null;
                }
            }
            if (decoded == null) {
                appendByte(out, b);
                i++;
                continue;
            }
            appendCodePoint(out, decoded.codePointAt(0));
            i += len;
        }
        return out.toString();
    }

    private static boolean printableAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0x20 || b == 0x7f || b == '\\') {
                return false;
            }
        }
        return true;
    }

    private static void appendCodePoint(StringBuilder out, int cp) {
        switch (cp) {
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\t' -> out.append("\\t");
            case '\r' -> out.append("\\r");
            default -> {
                if (cp < 0x20 || cp == 0x7f) {
                    appendByte(out, cp);
                } else if (Character.isISOControl(cp) || invisible(cp)) {
                    out.append("\\u{").append(Integer.toHexString(cp)).append('}');
                } else {
                    out.appendCodePoint(cp);
                }
            }
        }
    }

    /** Characters that change how the rest of a name looks (bidi overrides, zero-width, separators). */
    private static boolean invisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE;
    }

    private static void appendByte(StringBuilder out, int b) {
        out.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
    }

    static byte[] unescape(String text) {
        ByteBuffer out = ByteBuffer.allocate(text.length() * 4 + 4);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '\\') {
                int cp = text.codePointAt(i);
                if (Character.isSurrogate(c) && cp == c) {
                    throw new IllegalArgumentException("not a valid file name: a lone surrogate character");
                }
                out.put(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new IllegalArgumentException("not a valid file name: it ends in a lone backslash (write \\\\)");
            }
            char kind = text.charAt(i + 1);
            switch (kind) {
                case '\\' -> { out.put((byte) '\\'); i += 2; }
                case 'n' -> { out.put((byte) '\n'); i += 2; }
                case 't' -> { out.put((byte) '\t'); i += 2; }
                case 'r' -> { out.put((byte) '\r'); i += 2; }
                case 'x' -> {
                    int value = i + 4 <= text.length() ? hexValue(text.substring(i + 2, i + 4)) : -1;
                    if (value < 0) {
                        throw new IllegalArgumentException("not a valid file name: \\x needs two hex digits");
                    }
                    out.put((byte) value);
                    i += 4;
                }
                case 'u' -> {
                    int close = text.indexOf('}', i);
                    int cp = i + 2 < text.length() && text.charAt(i + 2) == '{' && close > i + 3 && close - i <= 9
                            ? hexValue(text.substring(i + 3, close)) : -1;
                    if (cp < 0 || cp > Character.MAX_CODE_POINT || cp >= 0xd800 && cp <= 0xdfff) {
                        throw new IllegalArgumentException("not a valid file name: \\u needs {hex digits} of a code point");
                    }
                    out.put(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                    i = close + 1;
                }
                default -> throw new IllegalArgumentException("not a valid file name: unknown escape \\" + kind
                        + " (a backslash itself is written \\\\)");
            }
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    private static int hexValue(String digits) {
        if (digits.isEmpty()) {
            return -1;
        }
        int value = 0;
        for (int k = 0; k < digits.length(); k++) {
            int d = Character.digit(digits.charAt(k), 16);
            if (d < 0) {
                return -1;
            }
            value = value * 16 + d;
        }
        return value;
    }
}
