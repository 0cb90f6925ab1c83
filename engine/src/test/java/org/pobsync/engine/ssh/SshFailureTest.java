package org.pobsync.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.pobsync.engine.ssh.SshFailure.Reason;

/** The stderr lines are what OpenSSH 9.2, bash, dash, zsh, sudo, rrsync and rsync really print. */
class SshFailureTest {

    static Stream<Arguments> failures() {
        return Stream.of(
                row(255, Reason.UNREACHABLE, "host unreachable: connection refused on port 2222",
                        "ssh: connect to host 10.0.0.5 port 2222: Connection refused"),
                row(255, Reason.UNREACHABLE, "host unreachable: connection timed out on port 2222",
                        "ssh: connect to host 10.0.0.5 port 2222: Connection timed out"),
                row(255, Reason.UNREACHABLE, "host unreachable: connection timed out on port 2222",
                        "Connection timed out during banner exchange", "Connection to 10.0.0.5 port 2222 timed out"),
                row(255, Reason.UNREACHABLE, "host unreachable: no route to host",
                        "ssh: connect to host 10.0.0.5 port 2222: No route to host"),
                row(255, Reason.UNREACHABLE, "host unreachable: network is unreachable",
                        "ssh: connect to host 2001:db8::5 port 2222: Network is unreachable"),
                row(255, Reason.UNREACHABLE, "host unreachable: name web1.invalid does not resolve",
                        "ssh: Could not resolve hostname web1.invalid: Name or service not known"),
                row(255, Reason.UNREACHABLE, "host unreachable: name web1 does not resolve",
                        "ssh: Could not resolve hostname web1: Temporary failure in name resolution"),
                row(255, Reason.UNREACHABLE, "host unreachable: port 2222 closed the connection before the ssh"
                                + " handshake (is an ssh server listening there, and does it accept this server?)",
                        "kex_exchange_identification: read: Connection reset by peer",
                        "Connection reset by 10.0.0.5 port 2222"),
                row(255, Reason.AUTH_REFUSED,
                        "authentication refused: the server's public key is not in the remote user's authorized_keys",
                        "backup@10.0.0.5: Permission denied (publickey)."),
                row(255, Reason.AUTH_REFUSED,
                        "authentication refused: the server's public key is not in the remote user's authorized_keys",
                        "root@web1: Permission denied (publickey,password,keyboard-interactive)."),
                row(255, Reason.HOST_KEY_UNKNOWN, "host key not pinned: scan and pin it first",
                        "No ED25519 host key is known for [10.0.0.5]:2222 and you have requested strict checking.",
                        "Host key verification failed."),
                row(255, Reason.HOST_KEY_CHANGED, "host key changed since it was pinned: the host now offers ED25519 key"
                                + " SHA256:S9IPDNmzL4KD8Lpu8cqe8j1xtbfP9jreWd6BvP8FNuA; verify the host and re-pin",
                        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
                        "@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @",
                        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@",
                        "The fingerprint for the ED25519 key sent by the remote host is",
                        "SHA256:S9IPDNmzL4KD8Lpu8cqe8j1xtbfP9jreWd6BvP8FNuA.",
                        "Offending ED25519 key in /var/lib/pobsync/known_hosts:3",
                        "Host key for [10.0.0.5]:2222 has changed and you have requested strict checking.",
                        "Host key verification failed."),
                row(255, Reason.KEY_UNUSABLE, "the server's private key cannot be used: its permissions are too open"
                                + " (it must be readable by its owner only)",
                        "@         WARNING: UNPROTECTED PRIVATE KEY FILE!          @",
                        "Permissions 0644 for '/var/lib/pobsync/ssh/id_ed25519' are too open.",
                        "Load key \"/var/lib/pobsync/ssh/id_ed25519\": bad permissions",
                        "backup@10.0.0.5: Permission denied (publickey)."),
                row(255, Reason.KEY_UNUSABLE,
                        "the server's private key cannot be used: /var/lib/pobsync/ssh/id_ed25519 is missing or unreadable",
                        "Warning: Identity file /var/lib/pobsync/ssh/id_ed25519 not accessible: No such file or directory.",
                        "backup@10.0.0.5: Permission denied (publickey)."),
                row(127, Reason.RSYNC_MISSING, "rsync is not installed on the remote host",
                        "bash: line 1: rsync: command not found"),
                row(127, Reason.RSYNC_MISSING, "rsync is not installed on the remote host", "sh: 1: rsync: not found"),
                row(127, Reason.RSYNC_MISSING, "rsync is not installed on the remote host", "zsh:1: command not found: rsync"),
                row(127, Reason.RSYNC_MISSING, "rsync is not installed on the remote host", "ksh: whatever: cannot run"),
                row(1, Reason.RSYNC_MISSING, "rsync is not installed on the remote host", "sudo: rsync: command not found"),
                row(12, Reason.RSYNC_MISSING, "rsync is not installed on the remote host",
                        "bash: line 1: rsync: command not found",
                        "rsync: connection unexpectedly closed (0 bytes received so far) [Receiver]",
                        "rsync error: error in rsync protocol data stream (code 12) at io.c(232) [Receiver=3.2.7]"),
                row(127, Reason.SUDO_REFUSED, "sudo is not installed on the remote host",
                        "bash: line 1: sudo: command not found"),
                row(127, Reason.SUDO_REFUSED, "sudo is not installed on the remote host", "sh: 1: sudo: not found"),
                row(1, Reason.SUDO_REFUSED, "sudo refused: it asks this user for a password; allow the user to run"
                        + " rsync without one (NOPASSWD in sudoers)", "sudo: a password is required"),
                row(1, Reason.SUDO_REFUSED, "sudo refused: the remote user may not run rsync with sudo",
                        "Sorry, user backup is not allowed to execute '/usr/bin/rsync --version' as root on web1."),
                row(1, Reason.SUDO_REFUSED, "sudo refused: the remote user may not run rsync with sudo",
                        "backup is not in the sudoers file.  This incident will be reported."),
                row(1, Reason.COMMAND_RESTRICTED,
                        "the host's key is restricted to rrsync, which refused: --server option is not the first arg",
                        "/usr/bin/rrsync error: --server option is not the first arg"),
                row(12, Reason.COMMAND_RESTRICTED,
                        "the host's key is restricted to rrsync, which refuses --protect-args: give the host the extra"
                                + " rsync option --no-protect-args",
                        "/usr/bin/rrsync error: option -s has been disabled on this server.",
                        "rsync: connection unexpectedly closed (0 bytes received so far) [Receiver]"),
                row(23, Reason.OTHER, "rsync error: some files/attrs were not transferred (see previous errors)"
                                + " (code 23) at main.c(1338) [generator=3.2.7]",
                        "rsync: [sender] opendir \"/root/private\" failed: Permission denied (13)",
                        "rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1338)"
                                + " [generator=3.2.7]"),
                row(255, Reason.STOPPED_RESPONDING, "the host stopped responding (no data for 300 s)",
                        "Timeout, server 10.0.0.5 not responding.", "",
                        "rsync: connection unexpectedly closed (3736598 bytes received so far) [receiver]"),
                row(255, Reason.CONNECTION_LOST, "the host closed the connection (its sshd was restarted or stopped,"
                                + " or the host went down)", "Connection to 10.0.0.5 closed by remote host."),
                row(1, Reason.SUDO_REFUSED, "sudo refused: the remote user may not run rsync with sudo",
                        "nobody is not in the sudoers file."),
                row(2, Reason.OTHER, "rsync: unknown option", "rsync: unknown option", ""),
                row(255, Reason.OTHER, "ssh failed (exit 255) without a message"),
                row(3, Reason.OTHER, "the remote command failed (exit 3) without a message", "  "));
    }

    static SshFailure.Context context(int port) {
        return new SshFailure.Context(port, Duration.ofSeconds(300), null);
    }

    private static Arguments row(int exit, Reason reason, String message, String... stderr) {
        return Arguments.of(exit, List.of(stderr), reason, message);
    }

    @ParameterizedTest(name = "{2}: {1}")
    @MethodSource("failures")
    void classifiesFromExitCodeAndStderr(int exit, List<String> stderr, Reason reason, String message) {
        SshFailure failure = SshFailure.classify(exit, stderr, context(2222));
        assertThat(failure.reason()).isEqualTo(reason);
        assertThat(failure.message()).isEqualTo(message);
    }

    @Test
    void keepsTheDecidingStderrLineAsDetail() {
        SshFailure failure = SshFailure.classify(255, List.of("some banner", "backup@web1: Permission denied (publickey).",
                "trailing noise"), context(22));
        assertThat(failure.detail()).isEqualTo("backup@web1: Permission denied (publickey).");
    }

    @Test
    void aRemoteFilePermissionErrorIsNotAnAuthenticationFailure() {
        SshFailure failure = SshFailure.classify(23, List.of(
                "rsync: [sender] send_files failed to open \"/etc/shadow\": Permission denied (13)"), context(22));
        assertThat(failure.reason()).isEqualTo(Reason.OTHER);
    }
}
