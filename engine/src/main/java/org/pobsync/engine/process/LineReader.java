package org.pobsync.engine.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a byte stream into lines at {@code \n}, {@code \r\n} and a lone {@code \r}, so rsync's
 * progress updates (separated only by {@code \r}) arrive one by one instead of piling up into one
 * endless line, while ssh's {@code \r\n}-terminated messages stay ordinary lines. A line longer than {@link #MAX_LINE_BYTES} is delivered in pieces: memory stays bounded
 * whatever the child prints.
 */
final class LineReader {

    static final int MAX_LINE_BYTES = 8192;

    private final InputStream in;
    private final OutputLine.Source source;
    private final Consumer<OutputLine> sink;
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private int length;
    /** A \r was read; whether it ends an overwritten line depends on the next byte. */
    private boolean pendingCarriageReturn;

    LineReader(InputStream in, OutputLine.Source source, Consumer<OutputLine> sink) {
        this.in = in;
        this.source = source;
        this.sink = sink;
    }

    /** Reads until end of stream (or an I/O error, which ends the stream too). */
    void drain() {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    accept(buffer[i]);
                }
            }
        } catch (IOException endOfStream) {
            // The pipe closed under us (the process was killed): what we have is all there is.
        }
        if (pendingCarriageReturn) {
            emit(true);
        } else if (length > 0) {
            emit(false);
        }
    }

    private void accept(byte b) {
        if (pendingCarriageReturn) {
            pendingCarriageReturn = false;
            if (b == '\n') {
                // \r\n is an ordinary line end: ssh writes its messages that way.
                emit(false);
                return;
            }
            emit(true);
        }
        if (b == '\n') {
            emit(false);
        } else if (b == '\r') {
            pendingCarriageReturn = true;
        } else {
            line[length++] = b;
            if (length >= MAX_LINE_BYTES) {
                emit(false);
            }
        }
    }

    private void emit(boolean overwritten) {
        String text = decode(line, length);
        length = 0;
        sink.accept(new OutputLine(source, text, overwritten));
    }

    private static String decode(byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
            return chars.toString();
        } catch (java.nio.charset.CharacterCodingException impossibleWithReplace) {
            return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
        }
    }
}
