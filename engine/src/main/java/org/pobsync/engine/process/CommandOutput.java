package org.pobsync.engine.process;

import java.util.List;

/**
 * The result and captured output of a short command run by {@link ProcessRunner#run}. Output is
 * bounded: only the first {@link ProcessRunner#MAX_CAPTURED_LINES} lines of each stream are kept.
 *
 * @param truncated true when lines were dropped
 */
public record CommandOutput(ProcessResult result, List<String> stdout, List<String> stderr, boolean truncated) {

    public CommandOutput {
        stdout = List.copyOf(stdout);
        stderr = List.copyOf(stderr);
    }

    public int exitCode() {
        return result.exitCode();
    }

    public String stdoutText() {
        return String.join("\n", stdout);
    }

    public String stderrText() {
        return String.join("\n", stderr);
    }
}
