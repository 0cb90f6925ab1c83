package org.pobsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a helper command for a test (never through a shell) and returns its output. */
public final class Commands {

    private Commands() {
    }

    public record Result(int exitCode, String output) {
    }

    public static Result run(String... argv) {
        return run(null, Arrays.asList(argv));
    }

    public static Result run(Path workDir, List<String> argv) {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(argv)).redirectErrorStream(true);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("timed out: " + argv);
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs and fails the test unless the command exits 0. */
    public static String ok(String... argv) {
        Result r = run(argv);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " exited " + r.exitCode() + ": " + r.output());
        }
        return r.output();
    }
}
