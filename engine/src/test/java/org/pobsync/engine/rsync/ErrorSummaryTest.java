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

    /** Every failure an operator meets, from stderr captured from the real programs (see CapturedOutput). */
    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "12 |connection-refused.stderr                |host unreachable: connection refused on port 1",
        "12 |no-route.stderr                          |host unreachable: no route to host",
        "255|dns-failure.stderr                       |host unreachable: name no-such-host.invalid does not resolve",
        "255|connect-timeout.stderr                   |host unreachable: connection timed out on port 22",
        "255|connection-closed-before-handshake.stderr|host unreachable: port 23887 closed the connection before the"
                + " ssh handshake (is an ssh server listening there, and does it accept this server?)",
        "255|host-stopped-responding.stderr           |the host stopped responding (no data for 600 s)",
        "30 |io-timeout.stderr                        |the host stopped responding (no data for 600 s)",
        "255|connection-closed-by-remote.stderr       |the host closed the connection (its sshd was restarted or"
                + " stopped, or the host went down)",
        "255|host-key-changed.stderr                  |host key changed since it was pinned: the host now offers"
                + " ED25519 key SHA256:S9IPDNmzL4KD8Lpu8cqe8j1xtbfP9jreWd6BvP8FNuA; verify the host and re-pin",
        "255|host-key-unknown.stderr                  |host key not pinned: scan and pin it first",
        "255|auth-refused.stderr                      |authentication refused: the server's public key is not in the"
                + " remote user's authorized_keys",
        "255|key-permissions-too-open.stderr          |the server's private key cannot be used: its permissions are"
                + " too open (it must be readable by its owner only)",
        "12 |rsync-missing.stderr                     |rsync is not installed on the remote host",
        "12 |rrsync-refuses-protect-args.stderr       |the host's key is restricted to rrsync, which refuses"
                + " --protect-args: give the host the extra rsync option --no-protect-args",
        "12 |sudo-missing.stderr                      |sudo is not installed on the remote host",
        "12 |sudo-needs-password.stderr               |sudo refused: it asks this user for a password; allow the"
                + " user to run rsync without one (NOPASSWD in sudoers)",
        "12 |sudo-not-in-sudoers.stderr               |sudo refused: the remote user may not run rsync with sudo",
        "11 |disk-full.stderr                         |disk full on the backup server: rsync: [receiver] write failed on"
                + " \"/tmp/tinyfs/d/data/dev/shm/exp/cap/home/u/big\": No space left on device (28)",
        "23 |unreadable-files.stderr                  |some files were not transferred: permission denied reading 8"
                + " files: /dev/shm/e10/ur/src/sub, /dev/shm/e10/ur/src/secret1, /dev/shm/e10/ur/src/secret2 and 5 more",
    })
    void explainsRealFailuresInOperatorWords(int exit, String capture, String expected) {
        assertThat(summary(exit, capture.trim(), SSH)).isEqualTo(expected);
    }

    @Test
    void aStalledLocalTransferIsNotBlamedOnAHost() {
        BackupRequest local = RsyncCommandTest.ssh().local().paths("/srv").build();
        assertThat(summary(30, "io-timeout.stderr", local)).isEqualTo("the transfer stalled (no data for 600 s)");
        assertThat(ErrorSummary.stalled(local)).isEqualTo("the transfer stalled (no data for 600 s)");
        assertThat(ErrorSummary.stalled(SSH)).isEqualTo("the host stopped responding (no data for 600 s)");
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
    void unreadableFilesAreCountedOverTheWholeRunAndTheFirstFewNamed() {
        TransferErrors errors = new TransferErrors();
        for (int i = 1; i <= 5000; i++) {
            errors.accept("rsync: [sender] send_files failed to open \"/srv/private/f" + i + "\": Permission denied (13)");
        }
        errors.accept("rsync: [sender] opendir \"/root/private\" failed: Permission denied (13)");
        errors.accept("rsync: [sender] read errors mapping \"/srv/disk.img\": Input/output error (5)");
        errors.accept("rsync: [generator] failed to set times on \"/srv/x\": Operation not permitted (1)");
        List<String> lastLines = List.of("rsync error: some files/attrs were not transferred (see previous errors)"
                + " (code 23) at main.c(1338) [generator=3.5.0]");

        assertThat(ErrorSummary.describe(23, lastLines, errors, SSH)).isEqualTo("some files were not transferred:"
                + " permission denied reading 5001 files: /srv/private/f1, /srv/private/f2, /srv/private/f3 and 4998 more;"
                + " input/output error reading 1 file: /srv/disk.img;"
                + " operation not permitted writing 1 file on the backup server: /srv/x");
    }

    @Test
    void fileNamesKeepRsyncsEscapesSoNoControlCharacterReachesATerminal() {
        List<String> lines = List.of("rsync: [sender] send_files failed to open \"/srv/a\\#033[2Jb\": Permission denied (13)");
        assertThat(ErrorSummary.describe(23, lines, SSH))
                .isEqualTo("some files were not transferred: permission denied reading 1 file: /srv/a\\#033[2Jb");
    }

    @Test
    void oneUnreadableFileIsNamedAlone() {
        List<String> lines = List.of(
                "rsync: [sender] send_files failed to open \"/etc/shadow\": Permission denied (13)",
                "rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.2.7]");
        assertThat(ErrorSummary.describe(23, lines, SSH))
                .isEqualTo("some files were not transferred: permission denied reading 1 file: /etc/shadow");
    }

    @Test
    void aFileErrorTheTallyDoesNotKnowStillShowsRsyncsLine() {
        List<String> lines = List.of("rsync: something new went wrong",
                "rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338) [sender=3.5.0]");
        assertThat(ErrorSummary.describe(23, lines, SSH))
                .isEqualTo("some files were not transferred: rsync: something new went wrong");
    }

    @Test
    void vanishedFilesAreAWarningWithAnExample() {
        List<String> lines = List.of("file has vanished: \"/var/log/app.log.1\"",
                "rsync warning: some files vanished before they could be transferred (code 24) at main.c(1865) [generator=3.2.7]");
        assertThat(ErrorSummary.describe(24, lines, SSH))
                .startsWith("some files vanished during the transfer").endsWith("e.g. /var/log/app.log.1");
    }

    @Test
    void aNetworkThatIsDownIsUnreachable() {
        assertThat(ErrorSummary.describe(255, List.of("ssh: connect to host 10.0.0.9 port 22: Connection timed out"), SSH))
                .isEqualTo("host unreachable: connection timed out on port 22");
        assertThat(ErrorSummary.describe(255, List.of("ssh: connect to host 10.0.0.9 port 22: Network is unreachable"), SSH))
                .isEqualTo("host unreachable: network is unreachable");
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
