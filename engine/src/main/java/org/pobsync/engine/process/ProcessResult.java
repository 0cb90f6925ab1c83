package org.pobsync.engine.process;

import java.time.Duration;

/**
 * How a child process ended.
 *
 * @param exitCode   the exit status; for a process ended by a signal, 128 + the signal number
 * @param timedOut   the wall-clock timeout ran out and the runner ended the process
 * @param terminated the process was ended on request ({@link RunningProcess#terminate}) or by
 *                   the timeout, rather than exiting by itself
 */
public record ProcessResult(int exitCode, boolean timedOut, boolean terminated, Duration elapsed) {

    public boolean succeeded() {
        return exitCode == 0 && !terminated;
    }
}
