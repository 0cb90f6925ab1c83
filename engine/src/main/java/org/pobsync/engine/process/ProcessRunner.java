package org.pobsync.engine.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one way pobsync starts other programs (rsync, ssh, ssh-keygen, ssh-keyscan): from an
 * argument list, never through a shell, with an explicit environment, stdin closed, and both
 * output streams drained so the child can never block on a full pipe.
 */
public class ProcessRunner {

    /** Lines kept per stream by {@link #run}. */
    public static final int MAX_CAPTURED_LINES = 2000;

    private final Duration timeoutGrace;

    /** @param timeoutGrace how long a timed-out process gets between SIGTERM and SIGKILL */
    public ProcessRunner(Duration timeoutGrace) {
        this.timeoutGrace = Objects.requireNonNull(timeoutGrace, "timeoutGrace");
    }

    public ProcessRunner() {
        this(Duration.ofSeconds(5));
    }

    /**
     * Starts the command. Every output line goes to {@code consumer} (see {@link RunningProcess}
     * for the threading rules).
     *
     * @param timeout the wall-clock limit after which the process tree is ended and the result
     *                says {@code timedOut}; null for none
     * @throws UncheckedIOException when the program cannot be started (missing, not executable)
     */
    public RunningProcess start(ProcessCommand command, Consumer<OutputLine> consumer, Duration timeout) {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command.argv()));
        builder.environment().clear();
        builder.environment().putAll(command.environment());
        if (command.workingDirectory() != null) {
            builder.directory(command.workingDirectory().toFile());
        }
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.program() + ": " + e.getMessage(), e);
        }
        RunningProcess running = new RunningProcess(process, command.program(), consumer);
        if (timeout != null) {
            watch(process, running, timeout);
        }
        return running;
    }

    private void watch(Process process, RunningProcess running, Duration timeout) {
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    running.timeOut(timeoutGrace);
                }
            } catch (InterruptedException ignored) {
                // Nobody interrupts the watchdog; if someone does, it stops watching.
            }
        }, "timeout-" + process.pid());
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * Runs a short command to the end and returns its output (bounded, see {@link CommandOutput}).
     *
     * @param timeout required: a short command that hangs (ssh waiting on a dead network) must not
     *                hang the caller
     */
    public CommandOutput run(ProcessCommand command, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        Capture capture = new Capture();
        RunningProcess running = start(command, capture::add, timeout);
        try {
            ProcessResult result = running.waitFor();
            return capture.toOutput(result);
        } catch (InterruptedException e) {
            running.terminate(timeoutGrace);
            throw e;
        }
    }

    /** Bounded capture; synchronized because an orphaned grandchild may still write after the wait. */
    private static final class Capture {
        private final List<String> stdout = new ArrayList<>();
        private final List<String> stderr = new ArrayList<>();
        private boolean truncated;

        synchronized void add(OutputLine line) {
            List<String> target = line.isStderr() ? stderr : stdout;
            if (target.size() < MAX_CAPTURED_LINES) {
                target.add(line.text());
            } else {
                truncated = true;
            }
        }

        synchronized CommandOutput toOutput(ProcessResult result) {
            return new CommandOutput(result, stdout, stderr, truncated);
        }
    }
}
