package org.pobsync.engine.rsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.SshTarget;
import org.pobsync.engine.Transport;

/** The argv builder as a pure function: exact argument lists, and what it refuses. */
class RsyncCommandTest {

    static final Path ROOT = Path.of("/backups");
    static final Path DEST = Path.of("/backups/web1/20260101T000000Z.incomplete");
    static final Path BASE = Path.of("/backups/web1/20251231T000000Z");
    static final String SHELL = "ssh -p 2222 -i /var/lib/pobsync/id_ed25519 -o BatchMode=yes -o StrictHostKeyChecking=yes"
            + " -o UserKnownHostsFile=/var/lib/pobsync/known_hosts -o GlobalKnownHostsFile=/dev/null"
            + " -o UpdateHostKeys=no -o ConnectTimeout=15 -o ServerAliveInterval=60 -o ServerAliveCountMax=10"
            + " -o IdentitiesOnly=yes";

    private final RsyncCommand command = new RsyncCommand("rsync", "ssh", false);

    /** A valid ssh request; tests vary one thing at a time. */
    static Request ssh() {
        return new Request();
    }

    static final class Request {
        String host = "web1";
        Transport transport = Transport.SSH;
        String address = "web1.example.com";
        String user = "backup";
        int port = 2222;
        Path identity = Path.of("/var/lib/pobsync/id_ed25519");
        Path knownHosts = Path.of("/var/lib/pobsync/known_hosts");
        boolean sudo;
        List<String> paths = List.of("/etc", "/home");
        List<String> excludes = List.of();
        List<String> options = List.of();
        Integer bwlimit;
        boolean dryRun;

        Request local() {
            transport = Transport.LOCAL;
            return this;
        }

        Request address(String a) {
            address = a;
            return this;
        }

        Request user(String u) {
            user = u;
            return this;
        }

        Request paths(String... p) {
            paths = List.of(p);
            return this;
        }

        Request excludes(String... e) {
            excludes = List.of(e);
            return this;
        }

        Request options(String... o) {
            options = List.of(o);
            return this;
        }

        Request bwlimit(int kbps) {
            bwlimit = kbps;
            return this;
        }

        Request sudo() {
            sudo = true;
            return this;
        }

        Request dryRun() {
            dryRun = true;
            return this;
        }

        Request files(Path id, Path kh) {
            identity = id;
            knownHosts = kh;
            return this;
        }

        BackupRequest build() {
            SshTarget target = transport == Transport.SSH
                    ? new SshTarget(address, user, port, identity, knownHosts, Duration.ofSeconds(15)) : null;
            return new BackupRequest(host, transport, target, sudo, paths, excludes, options, bwlimit,
                    Duration.ofSeconds(600), dryRun, ROOT, Path.of("/var/log/pobsync/run-1.log"));
        }
    }

    static List<String> expected(String... middle) {
        List<String> argv = new ArrayList<>(List.of("rsync", "-a", "-H", "--numeric-ids", "--delete",
                "--delete-excluded", "--relative", "--protect-args", "--timeout=600", "--info=progress2",
                "--itemize-changes", "--stats"));
        argv.addAll(List.of(middle));
        return argv;
    }

    static List<String> withoutProtectArgs(List<String> argv) {
        List<String> copy = new ArrayList<>(argv);
        copy.remove("--protect-args");
        return copy;
    }

    static Stream<Arguments> argvTable() {
        String dest = DEST + "/data/";
        return Stream.of(
                Arguments.of("ssh, first backup", ssh(), null,
                        expected("-e", SHELL, "--", "backup@web1.example.com:/etc", "backup@web1.example.com:/home", dest)),
                Arguments.of("ssh with link-dest", ssh(), BASE,
                        expected("--link-dest=" + BASE + "/data", "-e", SHELL, "--",
                                "backup@web1.example.com:/etc", "backup@web1.example.com:/home", dest)),
                Arguments.of("local", ssh().local(), BASE,
                        expected("--link-dest=" + BASE + "/data", "--", "/etc", "/home", dest)),
                Arguments.of("sudo", ssh().sudo().paths("/"), null,
                        expected("-e", SHELL, "--rsync-path=sudo rsync", "--", "backup@web1.example.com:/", dest)),
                Arguments.of("bwlimit and options", ssh().bwlimit(500).options("--compress", "--acls", "-X").paths("/srv"), null,
                        expected("--bwlimit=500", "--compress", "--acls", "-X", "-e", SHELL, "--",
                                "backup@web1.example.com:/srv", dest)),
                Arguments.of("dry run", ssh().dryRun().paths("/srv").local(), BASE,
                        expected("--dry-run", "--link-dest=" + BASE + "/data", "--", "/srv", dest)),
                Arguments.of("excludes, attached so a leading dash stays a value", ssh().local().paths("/srv")
                                .excludes("*.tmp", "-rf", "/srv/cache/", "name with space"), null,
                        expected("--exclude=*.tmp", "--exclude=-rf", "--exclude=/srv/cache/", "--exclude=name with space",
                                "--", "/srv", dest)),
                Arguments.of("a host behind rrsync opts out of --protect-args", ssh().options("--no-protect-args")
                                .paths("/etc"), null,
                        withoutProtectArgs(expected("--no-protect-args", "-e", SHELL, "--", "backup@web1.example.com:/etc",
                                dest))),
                Arguments.of("IPv6 in brackets", ssh().address("2001:db8::1").paths("/etc"), null,
                        expected("-e", SHELL, "--", "backup@[2001:db8::1]:/etc", dest)),
                Arguments.of("IPv4", ssh().address("192.0.2.10").paths("/etc"), null,
                        expected("-e", SHELL, "--", "backup@192.0.2.10:/etc", dest)),
                Arguments.of("paths with spaces and shell characters stay single arguments",
                        ssh().local().paths("/srv/a b", "/srv/$(touch x);`id`", "/srv/-rf"), null,
                        expected("--", "/srv/a b", "/srv/$(touch x);`id`", "/srv/-rf", dest)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("argvTable")
    void buildsTheExactArgumentList(String name, Request request, Path base, List<String> expected) {
        assertThat(command.argv(request.build(), DEST, base)).containsExactlyElementsOf(expected);
    }

    @Test
    void anUnprivilegedProcessThatMayChownTellsRsyncToKeepOwners() {
        List<String> argv = new RsyncCommand("rsync", "ssh", true).argv(ssh().build(), DEST, null);
        assertThat(argv.subList(0, 9)).containsExactly("rsync", "-a", "-H", "--numeric-ids", "--delete",
                "--delete-excluded", "--relative", "--protect-args", "--super");
        assertThat(command.argv(ssh().build(), DEST, null)).doesNotContain("--super");
    }

    @Test
    void quotesServerFilesWithSpacesTheWayRsyncSplitsThem() {
        BackupRequest request = ssh().files(Path.of("/var/lib/pob sync/id key"), Path.of("/var/lib/pob sync/known hosts"))
                .build();
        String shell = RsyncCommand.remoteShell("/opt/my ssh/ssh", request.ssh(), request.timeout());
        assertThat(shell).isEqualTo("'/opt/my ssh/ssh' -p 2222 -i '/var/lib/pob sync/id key' -o BatchMode=yes"
                + " -o StrictHostKeyChecking=yes -o 'UserKnownHostsFile=\"/var/lib/pob sync/known hosts\"'"
                + " -o GlobalKnownHostsFile=/dev/null -o UpdateHostKeys=no -o ConnectTimeout=15"
                + " -o ServerAliveInterval=60 -o ServerAliveCountMax=10 -o IdentitiesOnly=yes");
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of(ssh().address("-oProxyCommand=x"), "address", "may not start with '-'"),
                Arguments.of(ssh().address("a;b"), "address", "contains ';'"),
                Arguments.of(ssh().address("$(x)"), "address", "contains '$'"),
                Arguments.of(ssh().address("host name"), "address", "whitespace"),
                Arguments.of(ssh().address("[::1]"), "address", "without brackets"),
                Arguments.of(ssh().address("root@web1"), "address", "user field"),
                Arguments.of(ssh().address("300.1.1.1"), "address", "not a valid IPv4"),
                Arguments.of(ssh().address("1:2:3"), "address", "not a valid IPv6"),
                Arguments.of(ssh().address("web_-.example"), "address", "not a valid host name"),
                Arguments.of(ssh().user("-x"), "user", "not a valid user name"),
                Arguments.of(ssh().user("Root"), "user", "not a valid user name"),
                Arguments.of(ssh().user("a b"), "user", "not a valid user name"),
                Arguments.of(ssh().paths("relative"), "source_paths", "must be an absolute path"),
                Arguments.of(ssh().paths("/etc\n/root"), "source_paths", "control characters"),
                Arguments.of(ssh().paths("/etc\0"), "source_paths", "control characters"),
                Arguments.of(ssh().paths("/etc/*.conf"), "source_paths", "wildcard"),
                Arguments.of(ssh().paths("/srv/[x]"), "source_paths", "wildcard"),
                Arguments.of(ssh().paths("/srv/./x"), "source_paths", "not normalized"),
                Arguments.of(ssh().paths("/srv/../etc"), "source_paths", "not normalized"),
                Arguments.of(ssh().paths("/srv/"), "source_paths", "not normalized"),
                Arguments.of(ssh().paths("//srv"), "source_paths", "not normalized"),
                Arguments.of(ssh().paths(), "source_paths", "at least one"),
                Arguments.of(ssh().excludes("*.tmp\n--rsh=x"), "excludes", "control characters"),
                Arguments.of(ssh().excludes("+ secret"), "excludes", "filter-rule prefix"),
                Arguments.of(ssh().excludes("- x"), "excludes", "filter-rule prefix"),
                Arguments.of(ssh().excludes("!"), "excludes", "clear every exclude"),
                Arguments.of(ssh().excludes(""), "excludes", "is required"),
                Arguments.of(ssh().options("--rsh=x"), "rsync_options", "pobsync sets the remote shell itself"),
                Arguments.of(ssh().options("-e"), "rsync_options", "pobsync sets the remote shell itself"),
                Arguments.of(ssh().options("-essh"), "rsync_options", "pobsync sets the remote shell itself"),
                Arguments.of(ssh().options("--rsync-path=x"), "rsync_options", "use_sudo"),
                Arguments.of(ssh().options("--files-from=x"), "rsync_options", "from a file"),
                Arguments.of(ssh().options("--exclude-from=/x"), "rsync_options", "from a file"),
                Arguments.of(ssh().options("--some-new-from=/x"), "rsync_options", "from a file"),
                Arguments.of(ssh().options("--filter=merge /x"), "rsync_options", "whitespace"),
                Arguments.of(ssh().options("--filter=:x"), "rsync_options", "from a file"),
                Arguments.of(ssh().options("--delete-after"), "rsync_options", "deletion"),
                Arguments.of(ssh().options("--password-file=/x"), "rsync_options", "password"),
                Arguments.of(ssh().options("--remove-source-files"), "rsync_options", "delete files on the host"),
                Arguments.of(ssh().options("--link-dest=/x"), "rsync_options", "link-dest"),
                Arguments.of(ssh().options("--log-file=/x"), "rsync_options", "run log"),
                Arguments.of(ssh().options("--inplace"), "rsync_options", "hard link"),
                Arguments.of(ssh().options("-zc"), "rsync_options", "separately"),
                Arguments.of(ssh().options("/etc/shadow"), "rsync_options", "not an option"),
                Arguments.of(ssh().options("--bwlimit=fast"), "rsync_options", "needs a number"),
                Arguments.of(ssh().options("--verbose"), "rsync_options", "not in the allowlist"),
                Arguments.of(ssh().options("--bwlimit=10").bwlimit(10), "rsync_options", "keep only one"),
                Arguments.of(ssh().bwlimit(0), "bwlimit", "at least 1"),
                Arguments.of(ssh().files(Path.of("relative/key"), Path.of("/kh")), "identity_file", "absolute"),
                Arguments.of(ssh().files(Path.of("/keys/%h"), Path.of("/kh")), "identity_file", "may not contain %"),
                Arguments.of(ssh().files(Path.of("/key"), Path.of("/k\"h")), "known_hosts_file", "may not contain \""),
                Arguments.of(ssh().local().sudo(), "use_sudo", "only applies to ssh"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("rejections")
    void refusesHostValuesThatCouldBecomeOptionsOrCommands(Request request, String field, String message) {
        assertThatThrownBy(() -> command.argv(request.build(), DEST, null))
                .isInstanceOfSatisfying(InvalidBackupConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.getMessage()).startsWith(field + ": ").contains(message).doesNotContain("\n");
                });
    }

    @Test
    void hostNameMustBeASafeDirectoryName() {
        for (String bad : List.of("..", "a/b", "-web", "Web1", "", ".hidden")) {
            assertThatThrownBy(() -> HostValues.validateHostName(bad))
                    .isInstanceOf(InvalidBackupConfigException.class).hasMessageStartingWith("name: ");
        }
        HostValues.validateHostName("web-1.example_2");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--compress", "-z", "--compress-level=3", "--checksum", "-c", "--one-file-system", "-x",
            "--sparse", "-S", "--acls", "-A", "--xattrs", "-X", "--hard-links", "-H", "--no-whole-file", "--whole-file",
            "-W", "--bwlimit=1000", "--no-protect-args", "--no-secluded-args"})
    void acceptsTheAllowlistedOptions(String option) {
        // Accepted means: it reaches rsync as given, before the remote shell and the sources.
        List<String> argv = command.argv(ssh().options(option).paths("/etc").build(), DEST, null);
        assertThat(argv).containsSubsequence(option, "-e", SHELL, "--", "backup@web1.example.com:/etc");
    }

    @Test
    void theRemoteShellStaysOutOfReachExceptByTheRrsyncOptOut() {
        assertThatThrownBy(() -> RsyncOptions.validate("--old-args")).isInstanceOf(InvalidBackupConfigException.class)
                .hasMessageContaining("--no-protect-args");
        assertThatThrownBy(() -> RsyncOptions.validate("--no-s")).isInstanceOf(InvalidBackupConfigException.class)
                .hasMessageContaining("spell it --no-protect-args");
        assertThat(RsyncOptions.turnsOffProtectArgs(List.of("--compress"))).isFalse();
        assertThat(RsyncOptions.turnsOffProtectArgs(List.of("--no-secluded-args"))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"web1, backup@web1:/etc", "web1.example.com, backup@web1.example.com:/etc",
            "192.168.1.10, backup@192.168.1.10:/etc", "::1, backup@[::1]:/etc",
            "fe80::1%eth0, backup@[fe80::1%eth0]:/etc", "2001:db8::42, backup@[2001:db8::42]:/etc",
            "host_with_underscore.lan, backup@host_with_underscore.lan:/etc"})
    void acceptsTheUsualAddresses(String address, String source) {
        // Accepted means: the address reaches rsync unchanged, as the one source after "--".
        List<String> argv = command.argv(ssh().address(address).paths("/etc").build(), DEST, null);
        assertThat(argv.subList(argv.indexOf("--") + 1, argv.size())).containsExactly(source, DEST + "/data/");
    }
}
