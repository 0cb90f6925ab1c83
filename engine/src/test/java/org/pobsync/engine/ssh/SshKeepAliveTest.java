package org.pobsync.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.engine.ssh.SshTestTargets.pinned;
import static org.pobsync.engine.ssh.SshTestTargets.target;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.SshTarget;
import org.pobsync.engine.process.ProcessCommand;
import org.pobsync.engine.process.ProcessResult;
import org.pobsync.engine.process.ProcessRunner;
import org.pobsync.engine.process.RunningProcess;
import org.pobsync.engine.ssh.SshFailure.Reason;
import org.pobsync.testsupport.LoopbackSshd;

/**
 * The keep-alives {@link SshCommandLine} adds, against a real sshd whose session is frozen
 * (SIGSTOP): ssh gives up after about the silence limit, and the failure reads as a host that
 * stopped responding.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SshKeepAliveTest {

    private static final Duration SILENCE = Duration.ofSeconds(3);

    @TempDir
    Path tmp;

    private LoopbackSshd sshd;
    private List<ProcessHandle> frozen = List.of();

    @BeforeEach
    void start() {
        sshd = LoopbackSshd.start();
    }

    @AfterEach
    void stop() {
        LoopbackSshd.signal("CONT", frozen);
        sshd.close();
    }

    @Test
    void sshGivesUpOnAFrozenSessionAfterTheSilenceLimitAndSaysTheHostStoppedResponding() throws Exception {
        SshTarget target = target(sshd, pinned(sshd, tmp.resolve("known_hosts")));
        List<String> argv = SshCommandLine.argv(target, SILENCE, List.of("sleep", "300"));
        List<String> stderr = new CopyOnWriteArrayList<>();
        RunningProcess ssh = new ProcessRunner().start(ProcessCommand.of(argv), line -> {
            if (line.isStderr()) {
                stderr.add(line.text());
            }
        }, Duration.ofSeconds(90));
        try {
            frozen = sessionRunningSleep();
            LoopbackSshd.signal("STOP", frozen);
            long frozenAt = System.nanoTime();

            ProcessResult result = ssh.waitFor();
            Duration ended = Duration.ofNanos(System.nanoTime() - frozenAt);

            assertThat(result.timedOut()).as("ssh ended by itself").isFalse();
            assertThat(result.exitCode()).isEqualTo(255);
            assertThat(ended).isBetween(SILENCE.minusSeconds(1), SILENCE.plusSeconds(10));
            SshFailure failure = SshFailure.classify(result.exitCode(), stderr, SshFailure.Context.of(target, SILENCE));
            assertThat(failure.reason()).as(String.join("\n", stderr)).isEqualTo(Reason.STOPPED_RESPONDING);
            assertThat(failure.message()).isEqualTo("the host stopped responding (no data for 3 s)");
            assertThat(failure.detail()).startsWith("Timeout, server 127.0.0.1 not responding");
        } finally {
            ssh.terminate(Duration.ofSeconds(2));
        }
    }

    /** The sshd session process whose command (sleep) runs: logged in, past every handshake. */
    private List<ProcessHandle> sessionRunningSleep() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> sessions = sshd.sessions().stream()
                    .filter(s -> s.descendants().anyMatch(p -> p.info().command().orElse("").endsWith("/sleep")))
                    .toList();
            if (!sessions.isEmpty()) {
                return sessions;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the remote command did not start");
    }
}
