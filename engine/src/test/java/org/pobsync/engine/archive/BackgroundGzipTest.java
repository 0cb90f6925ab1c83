package org.pobsync.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class BackgroundGzipTest {

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(1).nextBytes(bytes);
        return bytes;
    }

    @Test
    void whatGoesInComesOutOfGunzip() throws IOException {
        byte[] data = random(3 * 1024 * 1024 + 17);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BackgroundGzip gzip = new BackgroundGzip(out)) {
            for (int off = 0; off < data.length; off += 1000) {
                gzip.write(data, off, Math.min(1000, data.length - off));
            }
        }
        assertThat(new GZIPInputStream(new ByteArrayInputStream(out.toByteArray())).readAllBytes()).isEqualTo(data);
    }

    @Test
    void anAbortedStreamIsTruncatedNeverComplete() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BackgroundGzip gzip = new BackgroundGzip(out);
        gzip.write(random(1024 * 1024));
        gzip.abort();
        assertThatThrownBy(() -> new GZIPInputStream(new ByteArrayInputStream(out.toByteArray())).readAllBytes())
                .isInstanceOf(EOFException.class);
    }

    @Test
    void aFailingReceiverStopsTheWriter() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("client went away");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("client went away");
            }
        };
        BackgroundGzip gzip = new BackgroundGzip(broken);
        assertThatThrownBy(() -> {
            byte[] chunk = random(64 * 1024);
            for (int i = 0; i < 1000; i++) {
                gzip.write(chunk);
            }
            gzip.close();
        }).isInstanceOf(IOException.class).hasMessageContaining("client went away");
    }
}
