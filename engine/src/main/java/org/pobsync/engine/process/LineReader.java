package org.pobsync.engine.process;

import java.io.IOException;
import java.io.InputStream;
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
    /** A read shorter than this means the output trickles in: wait a moment before the next one. */
    static final int TRICKLE_BYTES = 4096;
    /**
     * How long to let trickling output gather. rsync writes its itemized list and progress in
     * one write() per line, tens of thousands in a backup of small files; reading each as it
     * comes costs a thread wake-up and a system call per line, CPU the transfer itself needs.
     * A 64 KiB pipe holds 10 ms of even 6 MB/s of output, so the child never waits for us, and
     * a heavy burst (a read of TRICKLE_BYTES or more) is read on without pausing.
     */
    static final long GATHER_MILLIS = 10;

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
        byte[] buffer = new byte[65536];
        boolean gather = true;
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    accept(buffer[i]);
                }
                if (gather && n < TRICKLE_BYTES) {
                    gather = pause();
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

    /** False when interrupted: then the reader stops pausing (and keeps the interrupt). */
    private static boolean pause() {
        try {
            Thread.sleep(GATHER_MILLIS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
        // Malformed UTF-8 (a file name in another encoding) becomes U+FFFD, as the String
        // constructor always replaces; it has a fast path for the usual all-ASCII line.
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        length = 0;
        sink.accept(new OutputLine(source, text, overwritten));
    }
}
