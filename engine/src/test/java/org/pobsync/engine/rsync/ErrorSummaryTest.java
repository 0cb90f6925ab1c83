package org.pobsync.engine.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.pobsync.engine.BackupRequest;

/** Error summaries of real captured rsync/ssh failures. */
class ErrorSummaryTest {

    private static final BackupRequest SSH = RsyncCommandTest.ssh().paths("/etc", "/home").build();

    private static String summary(int exit, String capture, BackupRequest request) {
        return ErrorSummary.describe(exit, CapturedOutput.lines(capture), request);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "12 |connection-refused.stderr|host unreachable: connection refused on port 1",
        "255|auth-refused.stderr      |authentication refused (the server's key is not authorized on the host)",
        "255|host-key-unknown.stderr  |host key unknown: pin it first",
        "255|host-key-changed.stderr  |host key changed: the pinned key no longer matches (possible man-in-the-middle; re-pin after verifying)",
        "255|dns-failure.stderr       |host unreachable: cannot resolve host name no-such-host.invalid",
        "255|connect-timeout.stderr   |host unreachable: timed out waiting for the ssh server's greeting",
        "12 |rsync-missing.stderr     |rsync missing on the remote host: bash: line 1: rsync: command not found",
        "12 |sudo-missing.stderr      |sudo missing on the remote host: bash: line 1: sudo: command not found",
        "30 |io-timeout.stderr        |timed out (no data for 2 s)",
        "11 |disk-full.stderr         |disk full on the backup server: rsync: [receiver] write failed on \"/tmp/tinyfs/d/data/dev/shm/exp/cap/home/u/big\": No space left on device (28)",
    })
    void explainsRealFailuresInOperatorWords(int exit, String capture, String expected) {
        assertThat(summary(exit, capture.trim(), SSH)).isEqualTo(expected);
    }

    @Test
    void everySourceMissingIsAFailureNamingThePath() {
        BackupRequest request = RsyncCommandTest.ssh().paths("/nonexistent/path").build();
        List<String> lines = CapturedOutput.lines("remote-path-missing.stderr");
        assertThat(ErrorSummary.everySourceMissing(lines, request.sourcePaths())).isTrue();
        assertThat(ErrorSummary.describe(23, lines, request)).isEqualTo("remote path missing: /nonexistent/path");
    }

    @Test
    void someSourcesMissingIsAPartialTransferWarning() {
        BackupRequest request = RsyncCommandTest.ssh().local()
                .paths("/dev/shm/exp/cap/etc", "/dev/shm/exp/cap/nonexistent").build();
        List<String> lines = CapturedOutput.lines("partial-missing-local.stderr");
        assertThat(ErrorSummary.everySourceMissing(lines, request.sourcePaths())).isFalse();
        assertThat(ErrorSummary.describe(23, lines, request))
                .isEqualTo("some files were not transferred: source path missing: /dev/shm/exp/cap/nonexistent");
    }

    @Test
    void unreadableFilesAreNamed() {
        List<String> lines = List.of(
                "rsync: [sender] send_files failed to open \"/etc/shadow\": Permission denied (13)",
                "rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.2.7]");
        assertThat(ErrorSummary.describe(23, lines, SSH))
                .isEqualTo("some files were not transferred: permission denied reading /etc/shadow");
        List<String> dir = List.of("rsync: [sender] opendir \"/root/private\" failed: Permission denied (13)");
        assertThat(ErrorSummary.describe(23, dir, SSH)).endsWith("permission denied reading /root/private");
    }

    @Test
    void vanishedFilesAreAWarningWithAnExample() {
        List<String> lines = List.of("file has vanished: \"/var/log/app.log.1\"",
                "rsync warning: some files vanished before they could be transferred (code 24) at main.c(1865) [generator=3.2.7]");
        assertThat(ErrorSummary.describe(24, lines, SSH))
                .startsWith("some files vanished during the transfer").endsWith("e.g. /var/log/app.log.1");
    }

    @Test
    void otherNetworkFailures() {
        assertThat(ErrorSummary.describe(255, List.of("ssh: connect to host 10.0.0.9 port 22: No route to host"), SSH))
                .isEqualTo("host unreachable: no route to host");
        assertThat(ErrorSummary.describe(255, List.of("ssh: connect to host 10.0.0.9 port 22: Connection timed out"), SSH))
                .isEqualTo("host unreachable: timed out connecting to port 22");
        assertThat(ErrorSummary.describe(255, List.of("ssh: connect to host 10.0.0.9 port 22: Network is unreachable"), SSH))
                .isEqualTo("host unreachable: network unreachable");
    }

    @Test
    void sudoAskingForAPassword() {
        List<String> lines = List.of("sudo: a terminal is required to read the password; either use the -S option to read"
                + " from standard input or configure an askpass helper", "rsync: connection unexpectedly closed");
        assertThat(ErrorSummary.describe(12, lines, SSH)).startsWith("sudo on the host asks for a password");
    }

    @Test
    void unknownFailuresFallBackToRsyncsWordsAndTheLastRealError() {
        List<String> lines = List.of("rsync: [receiver] mkstemp \"/x\" failed: Input/output error (5)",
                "rsync error: error in file IO (code 11) at receiver.c(1) [receiver=3.2.7]");
        assertThat(ErrorSummary.describe(11, lines, SSH))
                .isEqualTo("rsync failed: error in file I/O (exit 11): rsync: [receiver] mkstemp \"/x\" failed: Input/output error (5)");
        assertThat(ErrorSummary.describe(143, List.of(), SSH)).isEqualTo("rsync failed: killed by signal 15 (exit 143)");
    }

    @Test
    void successHasNoSummary() {
        assertThat(ErrorSummary.describe(0, List.of(), SSH)).isNull();
    }

    @Test
    void unescapesRsyncsOctalEscapes() {
        assertThat(ErrorSummary.unescape("/srv/new\\#012line")).isEqualTo("/srv/new\nline");
        assertThat(ErrorSummary.unescape("/srv/caf\\#303\\#251")).isEqualTo("/srv/café");
    }
}
