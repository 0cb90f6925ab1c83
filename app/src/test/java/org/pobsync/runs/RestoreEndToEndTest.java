package org.pobsync.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.SshBackupHost.ok;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.Commands;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.SameTree;
import org.pobsync.testsupport.SshBackupHost;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TrickyTree;

/**
 * Restores as an operator runs them, through the real CLI, with real rsync over a real sshd:
 * the tricky tree (odd names, hard links, setuid, owners, symlinks, a FIFO) backed up once, then
 * restored to a new directory, in place, and to a second host, each compared with rsync's own
 * itemized comparison; a dry run that changes nothing; and paths or targets that try to leave
 * the snapshot or the target.
 */
class RestoreEndToEndTest {

    @TempDir
    static Path dir;

    private static LoopbackSshd sshd;
    private static Cli cli;
    private static Path source;
    private static Path reference;

    @BeforeAll
    static void backUpTheTrickyTree() throws Exception {
        sshd = LoopbackSshd.start();
        cli = new Cli(TestDatabase.SQLITE.env(dir.resolve("var")));
        source = dir.resolve("host-one/tree");
        reference = dir.resolve("reference");
        Files.createDirectories(source);
        TrickyTree.create(source);
        Commands.ok("cp", "-a", source.toString(), reference.toString());
        SshBackupHost.configure(cli, sshd, dir.resolve("backups"), "one", List.of(source));
        ok(cli.run("backup", "one"));
    }

    @AfterAll
    static void stop() {
        sshd.close();
    }

    /** Where a restore into {@code target} puts the backed-up tree: below it, at its path on the host. */
    private static Path under(Path target) {
        return target.resolve(source.toString().substring(1));
    }

    @Test
    void toANewDirectoryTheTreeArrivesExactlyAsItWasBackedUp() {
        Path target = dir.resolve("new-dir");
        Cli.Result r = ok(cli.run("restore", "one", "latest", source.toString(), "--target", target.toString()));
        assertThat(r.out()).contains("restore of one", "succeeded");
        SameTree.assertSame(reference, under(target));
    }

    @Test
    void withoutATargetItGoesToANewDirectoryNamedAfterTheRun() throws Exception {
        Path etc = source.resolve("etc");
        Cli.Result r = ok(cli.run("restore", "one", "latest", etc.toString(), "--json"));
        long id = Long.parseLong(r.out().replaceAll("(?s)^\\{\\s*\"id\"\\s*:\\s*(\\d+).*", "$1"));
        Path target = Path.of("/var/tmp/pobsync-restore-" + id);
        try {
            assertThat(r.out()).containsPattern("\"kind\"\\s*:\\s*\"restore\"")
                    .containsPattern("\"target_dir\"\\s*:\\s*\"/var/tmp/pobsync-restore-" + id + "/\"");
            SameTree.assertSame(reference.resolve("etc"), target.resolve(etc.toString().substring(1)));
        } finally {
            Commands.ok("rm", "-rf", target.toString());
        }
    }

    @Test
    void inPlaceItOverwritesOnlyAfterConfirmationAndDeletesOnlyWhenAsked() throws Exception {
        Path hosts = source.resolve("etc/hosts");
        Files.delete(hosts); // replaced, as editors do: its hard links elsewhere keep the old content
        Files.writeString(hosts, "changed on the host\n");
        Files.writeString(source.resolve("etc/added-later"), "new\n");

        Cli.Result refused = cli.run("restore", "one", "latest", source.resolve("etc").toString(), "--target", "/");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("type the host name to confirm");
        assertThat(Files.readString(hosts)).isEqualTo("changed on the host\n");

        ok(cli.run("restore", "one", "latest", source.resolve("etc").toString(), "--target", "/", "--yes"));
        assertThat(Files.readString(hosts)).isEqualTo("hello\n");
        assertThat(source.resolve("etc/added-later")).exists();

        ok(cli.run("restore", "one", "latest", source.resolve("etc").toString(), "--target", "/", "--yes", "--delete"));
        assertThat(source.resolve("etc/added-later")).doesNotExist();
        SameTree.assertSame(reference.resolve("etc"), source.resolve("etc"));
    }

    @Test
    void aDryRunShowsWhatWouldChangeAndChangesNothing() throws Exception {
        Path target = dir.resolve("dry");
        Files.createDirectories(under(target).resolve("etc"));
        Files.writeString(under(target).resolve("etc/only-in-target"), "keep me\n");
        Cli.Result r = ok(cli.run("restore", "one", "latest", source.resolve("etc").toString(), "--target",
                target.toString(), "--dry-run", "--delete"));
        assertThat(r.out()).contains("dry run, nothing written").containsPattern("would create [1-9]")
                .contains("delete " + source.toString().substring(1) + "/etc/only-in-target");
        assertThat(under(target).resolve("etc/hosts")).doesNotExist();
        assertThat(Files.readString(under(target).resolve("etc/only-in-target"))).isEqualTo("keep me\n");
    }

    @Test
    void toASecondHostThroughItsOwnPinnedKey() throws Exception {
        Path otherRoot = dir.resolve("host-two");
        ok(cli.run("manage", "configure-host", "two", "--address", sshd.address(), "--port",
                String.valueOf(sshd.port()), "--user", sshd.user(), "--path", otherRoot.toString()));
        ok(cli.run("manage", "host-key", "two", "--scan", "--yes"));
        Path target = otherRoot.resolve("restored");
        Files.createDirectories(otherRoot); // rsync creates the target directory, not its parents
        Cli.Result r = ok(cli.run("restore", "one", "latest", source.toString(), "--to-host", "two", "--target",
                target.toString()));
        assertThat(r.out()).contains("to two:" + target);
        SameTree.assertSame(reference, under(target));
    }

    @Test
    void pathsAndTargetsThatLeaveTheSnapshotOrTheTargetAreRefused() {
        Path target = dir.resolve("never");
        for (String[] args : List.of(
                new String[] {"restore", "one", "latest", "../../etc", "--target", target.toString()},
                new String[] {"restore", "one", "latest", "/etc/../../x", "--target", target.toString()},
                new String[] {"restore", "one", "latest", "/etc", "--target", "/tmp/../etc"},
                new String[] {"restore", "one", "latest", "/etc", "--target", "relative/dir"},
                new String[] {"restore", "one", "latest", "/etc", "--target", "/tmp/a\nb"})) {
            Cli.Result r = cli.run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        }
        // etc/up is a symlink to ../../.. in the snapshot: rsync must never be led through it.
        Cli.Result through = cli.run("restore", "one", "latest", source.resolve("etc/up/etc").toString(), "--target",
                target.toString());
        assertThat(through.exitCode()).isEqualTo(1);
        assertThat(through.out()).contains("is not in the snapshot");
        assertThat(target).doesNotExist();
    }
}
