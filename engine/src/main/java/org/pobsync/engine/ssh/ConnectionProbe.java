package org.pobsync.engine.ssh;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.pobsync.engine.SshTarget;
import org.pobsync.engine.process.CommandOutput;
import org.pobsync.engine.process.ProcessCommand;
import org.pobsync.engine.process.ProcessRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tests whether a backup could reach a host: logs in exactly as a backup does (same key, same
 * managed known_hosts, same strict options) and runs the harmless {@code rsync --version}, with
 * {@code sudo -n} in front when the host backs up through sudo. Nothing is written anywhere.
 */
public final class ConnectionProbe {

    private static final Logger log = LoggerFactory.getLogger(ConnectionProbe.class);

    /** Time for the login and {@code rsync --version} after the connection is up. */
    private static final Duration COMMAND_ALLOWANCE = Duration.ofSeconds(30);
    private static final ProcessRunner RUNNER = new ProcessRunner();

    private final String rsyncProgram;

    public ConnectionProbe() {
        this("rsync");
    }

    /** Tests point this at a program that does not exist to see a real "rsync missing". */
    ConnectionProbe(String rsyncProgram) {
        this.rsyncProgram = rsyncProgram;
    }

    public ProbeResult test(SshTarget target, boolean useSudo) {
        List<String> argv = SshCommandLine.argv(target, COMMAND_ALLOWANCE, remoteCommand(useSudo));
        Duration limit = target.connectTimeout().plus(COMMAND_ALLOWANCE);
        CommandOutput result;
        try {
            result = RUNNER.run(ProcessCommand.of(argv), limit);
        } catch (UncheckedIOException e) {
            return ProbeResult.failed(new SshFailure(SshFailure.Reason.OTHER, "could not run ssh: " + e.getMessage(), null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ProbeResult.failed(new SshFailure(SshFailure.Reason.OTHER, "the connection test was interrupted", null));
        }
        SshFailure.Context context = SshFailure.Context.of(target, limit);
        if (result.result().timedOut()) {
            return ProbeResult.failed(SshFailure.stoppedResponding(limit, lastLine(result.stderr())));
        }
        ProbeResult outcome = interpret(result.exitCode(), result.stdout(), result.stderr(), useSudo, context);
        log.debug("probe {}@{}:{} -> {}", target.user(), target.address(), target.port(), outcome.message());
        return outcome;
    }

    List<String> remoteCommand(boolean useSudo) {
        return useSudo ? List.of("sudo", "-n", rsyncProgram, "--version") : List.of(rsyncProgram, "--version");
    }

    /** Reads a finished probe; pure, so each outcome is testable from recorded output. */
    static ProbeResult interpret(int exitCode, List<String> stdout, List<String> stderr, boolean useSudo,
                                 SshFailure.Context context) {
        if (exitCode == 0) {
            // rsync pads its version line with double spaces; one space reads better in a status line.
            return stdout.stream().map(line -> line.strip().replaceAll("\\s+", " "))
                    .filter(line -> line.startsWith("rsync version "))
                    .findFirst()
                    .map(ProbeResult::connected)
                    .orElseGet(() -> ProbeResult.failed(new SshFailure(SshFailure.Reason.OTHER,
                            "connected, but \"rsync --version\" printed no rsync version", lastLine(stdout))));
        }
        SshFailure failure = SshFailure.classify(exitCode, stderr, context);
        if (failure.reason() == SshFailure.Reason.COMMAND_RESTRICTED) {
            // rrsync answered, so the login worked; it only runs "rsync --server …" as the login user.
            if (!useSudo) {
                return ProbeResult.connectedThroughRrsync();
            }
            return ProbeResult.failed(new SshFailure(SshFailure.Reason.COMMAND_RESTRICTED,
                    "the host's key is restricted to rrsync, which cannot run rsync through sudo:"
                            + " turn off use_sudo for this host or use an unrestricted key", failure.detail()));
        }
        return ProbeResult.failed(failure);
    }

    private static String lastLine(List<String> lines) {
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
    }
}
