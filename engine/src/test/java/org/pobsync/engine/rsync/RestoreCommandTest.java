package org.pobsync.engine.rsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pobsync.engine.RestoreRequest;
import org.pobsync.engine.SshTarget;
import org.pobsync.engine.Transport;
import org.pobsync.engine.tree.EntryName;
import org.pobsync.engine.tree.SnapshotPath;

class RestoreCommandTest {

    static final Path SNAPSHOT = Path.of("/backups/web1/20261101T020000Z");
    static final SshTarget SSH = new SshTarget("web1.example.net", "root", 22, Path.of("/var/lib/pobsync/ssh/id_ed25519"),
            Path.of("/var/lib/pobsync/ssh/known_hosts"), Duration.ofSeconds(20));

    private static RestoreRequest request(List<SnapshotPath> paths, String target, boolean delete, boolean dryRun,
                                          boolean sudo) {
        return new RestoreRequest("web1", Path.of("/backups"), SNAPSHOT, paths, "web1", Transport.SSH, SSH, sudo,
                target, delete, dryRun, Duration.ofSeconds(600), null);
    }

    private static List<String> argv(RestoreRequest request) {
        return new RestoreCommand("rsync", "ssh").argv(request);
    }

    @Test
    void pathsComeFromTheSnapshotsDataAfterTheMarkerAndLandUnderTheTarget() {
        List<String> argv = argv(request(List.of(SnapshotPath.parse("/etc/ssh"), SnapshotPath.parse("/-rf")),
                "/var/tmp/pobsync-restore-7", false, false, false));
        assertThat(argv.subList(0, 6)).containsExactly("rsync", "-a", "-H", "--numeric-ids", "--relative",
                "--protect-args");
        assertThat(argv).contains("--itemize-changes", "--stats", "--info=progress2", "--timeout=600")
                .doesNotContain("--delete", "--dry-run", "--super");
        int marker = argv.indexOf("--");
        assertThat(argv.subList(marker + 1, argv.size())).containsExactly(
                "/backups/web1/20261101T020000Z/data/./etc/ssh",
                "/backups/web1/20261101T020000Z/data/./-rf",
                "root@web1.example.net:/var/tmp/pobsync-restore-7/");
        assertThat(argv.get(argv.indexOf("-e") + 1)).startsWith("ssh -p 22 -i /var/lib/pobsync/ssh/id_ed25519")
                .contains("StrictHostKeyChecking=yes", "ServerAliveInterval=");
    }

    @Test
    void deleteDryRunAndSudoOnlyWhenAsked() {
        List<String> argv = argv(request(List.of(SnapshotPath.ROOT), "/", true, true, true));
        assertThat(argv).contains("--delete", "--dry-run", "--rsync-path=sudo rsync");
        assertThat(argv.subList(argv.indexOf("--") + 1, argv.size())).containsExactly(
                "/backups/web1/20261101T020000Z/data/./", "root@web1.example.net:/");
    }

    @Test
    void aLocalTargetIsAPlainDirectory() {
        RestoreRequest local = new RestoreRequest("web1", Path.of("/backups"), SNAPSHOT,
                List.of(SnapshotPath.parse("/etc")), "web1", Transport.LOCAL, null, false, "/srv/out", false, false,
                Duration.ofSeconds(60), null);
        List<String> argv = argv(local);
        assertThat(argv).doesNotContain("-e");
        assertThat(argv.get(argv.size() - 1)).isEqualTo("/srv/out/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "relative", "/srv/../etc", "/srv/./x", "/srv//x", "/srv/*", "/tmp/a\nb", "/srv/..",
            "-rf"})
    void targetsThatAreNotExactlyOneAbsoluteDirectoryAreRefused(String target) {
        assertThatThrownBy(() -> argv(request(List.of(SnapshotPath.parse("/etc")), target, false, false, false)))
                .isInstanceOf(InvalidBackupConfigException.class).hasMessageStartingWith("target: ");
    }

    @Test
    void aNameThatIsNotUtf8CannotBeHandedToRsyncAsText() {
        SnapshotPath path = SnapshotPath.of(List.of(EntryName.literal("etc"), EntryName.ofBytes(new byte[] {'c', (byte) 0xe9})));
        assertThatThrownBy(() -> argv(request(List.of(path), "/srv/out", false, false, false)))
                .hasMessageContaining("not UTF-8").hasMessageContaining("restore its directory instead");
    }
}
