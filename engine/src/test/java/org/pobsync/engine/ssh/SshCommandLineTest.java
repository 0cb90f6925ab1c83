package org.pobsync.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pobsync.engine.SshTarget;

class SshCommandLineTest {

    private static final Duration LIMIT = Duration.ofSeconds(300);

    private static SshTarget target(String address, String user, int port, Duration timeout) {
        return new SshTarget(address, user, port, Path.of("/var/lib/pobsync/ssh/id_ed25519"),
                Path.of("/var/lib/pobsync/known_hosts"), timeout);
    }

    @Test
    void buildsTheStrictArgumentListWithAddressAfterDoubleDash() {
        List<String> argv = SshCommandLine.argv(target("web1.example.org", "backup", 2222, Duration.ofSeconds(10)),
                Duration.ofSeconds(300), List.of("rsync", "--version"));
        assertThat(argv).containsExactly("ssh", "-p", "2222", "-i", "/var/lib/pobsync/ssh/id_ed25519",
                "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=/var/lib/pobsync/known_hosts",
                "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "UpdateHostKeys=no",
                "-o", "ConnectTimeout=10",
                "-o", "ServerAliveInterval=60",
                "-o", "ServerAliveCountMax=5",
                "-o", "IdentitiesOnly=yes",
                "-l", "backup", "--", "web1.example.org", "rsync", "--version");
    }

    @Test
    void roundsAConnectTimeoutUpToWholeSecondsAndAtLeastOne() {
        assertThat(SshCommandLine.options(target("h", "u", 22, Duration.ofMillis(1500)), LIMIT)).contains("ConnectTimeout=2");
        assertThat(SshCommandLine.options(target("h", "u", 22, Duration.ZERO), LIMIT)).contains("ConnectTimeout=1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-oProxyCommand=touch /tmp/x", "web1 -p 1", "web1;reboot", "$(id)", "", "a`b`", "[::1]"})
    void refusesAddressesThatCouldBecomeOptionsOrCommands(String address) {
        assertThatThrownBy(() -> SshCommandLine.argv(target(address, "backup", 22, Duration.ofSeconds(5)), LIMIT, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsafe host address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-oProxyCommand=x", "back up", "root@web1", ""})
    void refusesUnsafeUserNames(String user) {
        assertThatThrownBy(() -> SshCommandLine.argv(target("web1", user, 22, Duration.ofSeconds(5)), LIMIT, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsafe ssh user name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"web1", "10.0.0.5", "2001:db8::5", "::1", "fe80::1%eth0", "my-host_01.lan"})
    void acceptsHostNamesAndAddresses(String address) {
        assertThat(SshCommandLine.argv(target(address, "backup", 22, Duration.ofSeconds(5)), LIMIT, List.of()))
                .endsWith("--", address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/lib/pobsync/known_hosts_%h", "/var/lib/${HOME}/known_hosts", "/var/lib/it's",
        "/var/lib/a\"b", "/var/lib/back\\slash", "/var/lib/new\nline"})
    void refusesFilesSshWouldExpandOrSplit(String knownHosts) {
        SshTarget target = new SshTarget("web1", "backup", 22, Path.of("/var/lib/pobsync/ssh/id_ed25519"),
                Path.of(knownHosts), Duration.ofSeconds(5));
        assertThatThrownBy(() -> SshCommandLine.options(target, LIMIT)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quotesAKnownHostsFileWithSpacesSoSshReadsOneFile() {
        SshTarget spaced = new SshTarget("web1", "backup", 22, Path.of("/srv/my keys/id_ed25519"),
                Path.of("/srv/my keys/known hosts"), Duration.ofSeconds(5));
        assertThat(SshCommandLine.options(spaced, LIMIT)).containsSequence("-i", "/srv/my keys/id_ed25519")
                .contains("UserKnownHostsFile=\"/srv/my keys/known hosts\"");
    }

    /** ssh gives up after about interval * count seconds without an answer: never before the limit. */
    @ParameterizedTest(name = "{0} s -> every {1} s, {2} times")
    @CsvSource({"1, 1, 1", "2, 1, 2", "5, 2, 3", "30, 10, 3", "300, 60, 5", "1800, 60, 30", "3601, 60, 61"})
    void keepAlivesGiveUpOnASilentHostJustAfterTheLimit(long limit, long interval, long count) {
        List<String> options = SshCommandLine.options(target("web1", "backup", 22, Duration.ofSeconds(5)),
                Duration.ofSeconds(limit));
        assertThat(options).containsSequence("-o", "ServerAliveInterval=" + interval)
                .containsSequence("-o", "ServerAliveCountMax=" + count);
        assertThat(interval * count).isGreaterThanOrEqualTo(limit).isLessThan(limit + interval);
    }

    @Test
    void refusesPortsOutOfRange() {
        assertThatThrownBy(() -> SshCommandLine.options(target("web1", "backup", 0, Duration.ofSeconds(5)), LIMIT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SshCommandLine.options(target("web1", "backup", 65536, Duration.ofSeconds(5)), LIMIT))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
