package org.pobsync.engine.ssh;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one OpenSSH tool (ssh, ssh-keygen, ssh-keyscan) to completion: an argument list, never a
 * shell; stdin from /dev/null so nothing can wait for a prompt; both outputs drained on their own
 * threads so a chatty child never blocks on a full pipe; a hard timeout.
 *
 * <p>Deliberately private to this package: the engine's general process runner is written
 * elsewhere, and these calls are short and need nothing more.
 */
final class ToolProcess {

    private static final Logger log = LoggerFactory.getLogger(ToolProcess.class);

    /** Output beyond this many lines per stream keeps only the last ones: memory stays bounded. */
    static final int MAX_LINES = 500;

    record Result(int exitCode, List<String> stdout, List<String> stderr, boolean timedOut) {
    }

    private ToolProcess() {
    }

    static Result run(List<String> argv, Duration timeout) throws IOException {
        log.debug("running {}", argv);
        ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(new File("/dev/null"));
        // The C locale keeps messages in the English the failure classifier reads; Debian's ssh
        // client forwards LANG/LC_* so a remote shell answers in English too.
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("LANG", "C");
        Process process = pb.start();
        LineCollector out = new LineCollector(process.getInputStream(), "stdout " + argv.get(0));
        LineCollector err = new LineCollector(process.getErrorStream(), "stderr " + argv.get(0));
        out.start();
        err.start();
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                stop(process);
            }
            // Bounded: a grandchild that escaped the kill could hold a pipe open forever.
            out.join(5_000);
            err.join(5_000);
        } catch (InterruptedException e) {
            stop(process);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + argv.get(0), e);
        }
        int exit = finished ? process.exitValue() : -1;
        return new Result(exit, out.lines(), err.lines(), !finished);
    }

    /** TERM, then KILL after a short grace; always reaps the child (PID 1 here does not). */
    private static void stop(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static final class LineCollector extends Thread {
        private final InputStream stream;
        private final Deque<String> lines = new ArrayDeque<>();

        LineCollector(InputStream stream, String name) {
            super(name);
            this.stream = stream;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (lines) {
                        if (lines.size() == MAX_LINES) {
                            lines.removeFirst();
                        }
                        lines.addLast(stripCarriageReturn(line));
                    }
                }
            } catch (IOException e) {
                // The child was killed or closed its end: what was read so far is the output.
            }
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        private static String stripCarriageReturn(String line) {
            return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        }
    }
}
