package org.pobsync.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.engine.ssh.SshTestTargets.pinned;
import static org.pobsync.engine.ssh.SshTestTargets.target;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.SshTarget;
import org.pobsync.engine.ssh.SshFailure.Reason;
import org.pobsync.testsupport.Commands;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestEnvironment;

/**
 * The suggested read-only authorized_keys line, installed on a real sshd with the real rrsync:
 * what its explanation promises (pulls work, writes and --protect-args are refused, the probe
 * connects without a version, sudo cannot be used) is checked here rather than taken on trust.
 */
class ReadOnlyKeyTest {

    @TempDir
    Path tmp;

    private LoopbackSshd sshd;
    private SshTarget target;

    @BeforeAll
    static void needsRrsync() {
        TestEnvironment.requireBinary("ssh");
        TestEnvironment.requireBinary("rsync");
        TestEnvironment.requireBinary("python3");
        TestEnvironment.requireBinary("rrsync");
    }

    @BeforeEach
    void installTheReadOnlyLine() throws Exception {
        sshd = LoopbackSshd.start();
        String publicKey = Files.readString(Path.of(sshd.clientKey() + ".pub"));
        Path line = Files.writeString(tmp.resolve("authorized_keys_line"), AuthorizedKeyLine.readOnly(publicKey).line());
        sshd.authorizeOnly(List.of(line));
        target = target(sshd, pinned(sshd, tmp.resolve("known_hosts")));
    }

    @AfterEach
    void stop() {
        sshd.close();
    }

    @Test
    void theProbeConnectsButCannotShowTheRsyncVersion() {
        ProbeResult result = new ConnectionProbe().test(target, false);
        assertThat(result.ok()).as(result.message()).isTrue();
        assertThat(result.rsyncVersion()).isEmpty();
        assertThat(result.message()).contains("restricted to rrsync");
    }

    @Test
    void theProbeSaysSudoCannotBeUsed() {
        ProbeResult result = new ConnectionProbe().test(target, true);
        assertThat(result.reason()).isEqualTo(Reason.COMMAND_RESTRICTED);
        assertThat(result.message()).contains("turn off use_sudo");
    }

    @Test
    void aPullWorksAndAPushIsRefused() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("remote/etc"));
        Files.writeString(source.resolve("hosts"), "127.0.0.1 localhost\n");
        Path dest = tmp.resolve("snapshot");

        Commands.Result pull = rsync("-a", "-H", "--numeric-ids", "--delete", "--delete-excluded", "--relative",
                "127.0.0.1:" + source + "/", dest + "/");
        assertThat(pull.exitCode()).as(pull.output()).isZero();
        // --relative keeps the whole remote path under the destination.
        assertThat(Files.readString(Path.of(dest + source.toString(), "hosts"))).isEqualTo("127.0.0.1 localhost\n");

        Commands.Result push = rsync("-a", dest + "/", "127.0.0.1:" + tmp.resolve("pushed"));
        assertThat(push.exitCode()).isNotZero();
        assertThat(push.output()).contains("sending to read-only server is not allowed");
    }

    @Test
    void rrsyncRefusesProtectArgs() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("remote/etc"));
        Commands.Result pull = rsync("-a", "--relative", "--protect-args", "127.0.0.1:" + source + "/",
                tmp.resolve("snapshot") + "/");

        SshFailure failure = SshFailure.classify(pull.exitCode(), pull.output().lines().toList(),
                SshFailure.Context.of(target, Duration.ofSeconds(30)));
        assertThat(failure.reason()).isEqualTo(Reason.COMMAND_RESTRICTED);
        assertThat(failure.message()).contains("refuses --protect-args").endsWith("--no-protect-args");
        assertThat(failure.detail()).contains("option -s has been disabled");
    }

    private Commands.Result rsync(String... args) {
        List<String> argv = new ArrayList<>(List.of("rsync", "--timeout=30",
                "-e", "ssh " + String.join(" ", SshCommandLine.options(target, Duration.ofSeconds(30))) + " -l " + target.user()));
        argv.addAll(List.of(args));
        return Commands.run(null, argv);
    }
}
