package org.pobsync.engine.process;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started child process whose stdout and stderr are drained line by line on two daemon
 * threads. Lines reach the consumer one at a time (calls never overlap), in the order the
 * threads read them; the consumer must be quick, because a slow consumer stalls the child once
 * its pipe buffer is full.
 */
public final class RunningProcess {

    private static final Logger log = LoggerFactory.getLogger(RunningProcess.class);
    /** How long to wait for the last output after the process exited (an orphaned grandchild
     *  may hold the pipe open; its output is not worth hanging for). */
    private static final Duration DRAIN_AFTER_EXIT = Duration.ofSeconds(5);

    private final Process process;
    private final String program;
    private final long startNanos = System.nanoTime();
    private final Object sinkLock = new Object();
    private final Thread stdoutDrain;
    private final Thread stderrDrain;
    private volatile boolean terminated;
    private volatile boolean timedOut;
    private volatile boolean consumerFailed;

    RunningProcess(Process process, String program, Consumer<OutputLine> consumer) {
        this.process = process;
        this.program = program;
        Consumer<OutputLine> serialized = line -> deliver(consumer, line);
        this.stdoutDrain = drainThread(new LineReader(process.getInputStream(), OutputLine.Source.STDOUT, serialized), "stdout");
        this.stderrDrain = drainThread(new LineReader(process.getErrorStream(), OutputLine.Source.STDERR, serialized), "stderr");
    }

    private Thread drainThread(LineReader reader, String name) {
        Thread t = new Thread(reader::drain, "drain-" + name + "-" + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void deliver(Consumer<OutputLine> consumer, OutputLine line) {
        synchronized (sinkLock) {
            try {
                consumer.accept(line);
            } catch (RuntimeException e) {
                // Keep draining whatever happens: a child blocked on a full pipe never exits.
                if (!consumerFailed) {
                    consumerFailed = true;
                    log.warn("output consumer of {} (pid {}) failed; further failures not logged", program, pid(), e);
                }
            }
        }
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits up to {@code limit}; the result once the process has exited and its output is drained. */
    public Optional<ProcessResult> waitFor(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        return Optional.of(finish());
    }

    /** Waits for the process to exit and its output to be drained. */
    public ProcessResult waitFor() throws InterruptedException {
        process.waitFor();
        return finish();
    }

    private ProcessResult finish() throws InterruptedException {
        long drainDeadline = System.nanoTime() + DRAIN_AFTER_EXIT.toNanos();
        stdoutDrain.join(Math.max(1, (drainDeadline - System.nanoTime()) / 1_000_000));
        stderrDrain.join(Math.max(1, (drainDeadline - System.nanoTime()) / 1_000_000));
        return new ProcessResult(process.exitValue(), timedOut, terminated,
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /**
     * Ends the process and all its descendants: SIGTERM, then SIGKILL after {@code grace}.
     * Blocks until they are gone (at most {@code grace} plus a few seconds).
     *
     * @return true when the whole tree is gone
     */
    public boolean terminate(Duration grace) {
        terminated = true;
        return ProcessTree.terminate(process.toHandle(), grace);
    }

    void timeOut(Duration grace) {
        timedOut = true;
        terminate(grace);
    }
}
