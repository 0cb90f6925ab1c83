package org.pobsync.engine.rsync;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Output captured from the real rsync 3.x (and OpenSSH) under src/test/resources/rsync-output,
 * with the same options and locale pobsync uses. Lines are split at \n and \r, as the process
 * runner does.
 */
final class CapturedOutput {

    private CapturedOutput() {
    }

    static String raw(String name) {
        try (InputStream in = CapturedOutput.class.getResourceAsStream("/rsync-output/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no captured output " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> lines(String name) {
        List<String> lines = new ArrayList<>();
        for (String line : raw(name).split("[\r\n]")) {
            lines.add(line);
        }
        return lines;
    }
}
