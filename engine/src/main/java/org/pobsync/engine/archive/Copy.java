package org.pobsync.engine.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/** Copies file content into an archive entry through one reused buffer: memory stays flat whatever the size. */
final class Copy {

    private Copy() {
    }

    /**
     * Writes exactly {@code size} bytes: a snapshot file never changes, but if one were cut
     * short meanwhile the entry is padded with zeros rather than leaving a broken archive.
     */
    static void exactly(FileChannel content, long size, OutputStream out, byte[] buffer) throws IOException {
        ByteBuffer wrapped = ByteBuffer.wrap(buffer);
        long left = size;
        while (left > 0) {
            wrapped.clear().limit((int) Math.min(buffer.length, left));
            int n = content.read(wrapped);
            if (n < 0) {
                Arrays.fill(buffer, (byte) 0);
                while (left > 0) {
                    int pad = (int) Math.min(buffer.length, left);
                    out.write(buffer, 0, pad);
                    left -= pad;
                }
                return;
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }
}
