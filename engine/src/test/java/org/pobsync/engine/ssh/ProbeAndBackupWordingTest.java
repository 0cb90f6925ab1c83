package org.pobsync.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.SshTarget;
import org.pobsync.engine.Transport;
import org.pobsync.engine.rsync.CapturedOutput;
import org.pobsync.engine.rsync.ErrorSummary;

/**
 * Test connection and a backup word the same failure the same way: the probe reads ssh's stderr
 * of {@code ssh ... rsync --version}, the backup rsync's stderr with ssh's inside, both captured
 * from the real programs.
 */
class ProbeAndBackupWordingTest {

    private static final SshTarget TARGET = new SshTarget("web1.example.com", "backup", 2222,
            Path.of("/var/lib/pobsync/ssh/id_ed25519"), Path.of("/var/lib/pobsync/known_hosts"), Duration.ofSeconds(15));
    private static final Duration TIMEOUT = Duration.ofSeconds(600);
    private static final BackupRequest BACKUP = new BackupRequest("web1", Transport.SSH, TARGET, false, List.of("/etc"),
            List.of(), List.of(), null, TIMEOUT, false, Path.of("/backups"), null);

    /** The same stderr, or (for sudo, which a probe runs with -n) what each really printed. */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "12 |connection-refused.stderr                |255|connection-refused.stderr",
        "12 |no-route.stderr                          |255|no-route.stderr",
        "255|dns-failure.stderr                       |255|dns-failure.stderr",
        "255|connect-timeout.stderr                   |255|connect-timeout.stderr",
        "255|connection-closed-before-handshake.stderr|255|connection-closed-before-handshake.stderr",
        "255|host-stopped-responding.stderr           |255|host-stopped-responding.stderr",
        "255|connection-closed-by-remote.stderr       |255|connection-closed-by-remote.stderr",
        "255|host-key-changed.stderr                  |255|host-key-changed.stderr",
        "255|host-key-unknown.stderr                  |255|host-key-unknown.stderr",
        "255|auth-refused.stderr                      |255|auth-refused.stderr",
        "255|key-permissions-too-open.stderr          |255|key-permissions-too-open.stderr",
        "12 |rsync-missing.stderr                     |127|rsync-missing.stderr",
        "12 |sudo-missing.stderr                      |127|sudo-missing.stderr",
        "12 |sudo-needs-password.stderr               |1  |probe-sudo-needs-password.stderr",
        "12 |sudo-not-in-sudoers.stderr               |1  |probe-sudo-not-in-sudoers.stderr",
    })
    void theConnectionTestAndTheBackupSayTheSame(int backupExit, String backupCapture, int probeExit, String probeCapture) {
        String backup = ErrorSummary.describe(backupExit, CapturedOutput.lines(backupCapture.trim()), BACKUP);
        ProbeResult probe = ConnectionProbe.interpret(probeExit, List.of(), CapturedOutput.lines(probeCapture.trim()),
                true, SshFailure.Context.of(TARGET, TIMEOUT));

        assertThat(probe.ok()).isFalse();
        assertThat(probe.message()).isEqualTo(backup);
    }
}
