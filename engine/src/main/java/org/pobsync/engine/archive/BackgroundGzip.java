package org.pobsync.engine.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * gzip on a thread of its own, fed in 64 KiB chunks through a short queue: what
 * {@code tar -czf} does with two processes. Reading files and writing tar records overlap with
 * compressing, which is most of the work; memory stays at a few chunks (the queue is bounded, so
 * a slow client slows the reading down instead of filling the heap). If the compressor or the
 * client fails, the next write says so; {@link #abort} ends the stream without gzip's trailer,
 * so a download that failed halfway can never look complete.
 */
final class BackgroundGzip extends OutputStream {

    private static final int CHUNK = 64 * 1024;
    private static final int QUEUED = 4;
    private static final byte[] END = new byte[0];
    private static final byte[] ABORT = new byte[0];

    private record Chunk(byte[] bytes, int length) {
    }

    private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(QUEUED);
    private final BlockingQueue<byte[]> empty = new ArrayBlockingQueue<>(QUEUED + 2);
    private final Thread compressor;
    private volatile Throwable failure;
    private byte[] current = new byte[CHUNK];
    private int used;
    private boolean closed;

    BackgroundGzip(OutputStream target) {
        for (int i = 0; i < QUEUED + 1; i++) {
            empty.add(new byte[CHUNK]);
        }
        compressor = new Thread(() -> compress(target), "pobsync-archive-gzip");
        compressor.setDaemon(true);
        compressor.start();
    }

    private void compress(OutputStream target) {
        GzipParameters parameters = new GzipParameters();
        parameters.setBufferSize(CHUNK);
        try {
            GzipCompressorOutputStream gzip = new GzipCompressorOutputStream(
                    new BufferedOutputStream(new NonClosingOutputStream(target), CHUNK), parameters);
            while (true) {
                Chunk chunk = full.take();
                if (chunk.bytes() == END) {
                    gzip.close(); // the trailer, then a flush of the caller's stream
                    return;
                }
                if (chunk.bytes() == ABORT) {
                    return; // no trailer: the receiver sees a truncated stream
                }
                gzip.write(chunk.bytes(), 0, chunk.length());
                empty.offer(chunk.bytes());
            }
        } catch (Throwable e) {
            failure = e;
            drain();
        }
    }

    /** After a failure the writer may still be putting chunks: take them until it stops. */
    private void drain() {
        try {
            while (true) {
                Chunk chunk = full.take();
                if (chunk.bytes() == END || chunk.bytes() == ABORT) {
                    return;
                }
                empty.offer(chunk.bytes());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, CHUNK - used);
            System.arraycopy(b, off, current, used, n);
            used += n;
            off += n;
            len -= n;
            if (used == CHUNK) {
                hand(new Chunk(current, used));
                current = take();
                used = 0;
            }
        }
    }

    /** Compresses what is queued, writes gzip's trailer, and waits until it is all out. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (used > 0) {
            hand(new Chunk(current, used));
        }
        hand(new Chunk(END, 0));
        join();
        if (failure != null) {
            throw failure instanceof IOException io ? io : new IOException(failure);
        }
    }

    /** Ends the stream without a trailer (the archive could not be written completely). */
    void abort() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            full.put(new Chunk(ABORT, 0));
            join();
        } catch (InterruptedException | IOException e) {
            compressor.interrupt();
        }
    }

    private void hand(Chunk chunk) throws IOException {
        if (failure != null) {
            abort();
            throw failure instanceof IOException io ? io : new IOException(failure);
        }
        try {
            full.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        }
    }

    private byte[] take() throws IOException {
        try {
            return empty.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        }
    }

    private void join() throws IOException {
        try {
            compressor.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while compressing");
        }
    }
}
