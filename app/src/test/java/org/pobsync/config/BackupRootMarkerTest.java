package org.pobsync.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.engine.layout.BackupRootMarker;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.Commands;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TestEnvironment;

/**
 * Issue 12, item 4: a backup disk mounted on the backup root is unmounted mid-life (a real tmpfs
 * and a real umount), leaving the empty mount point. Backup, prune and discovery refuse with one
 * message, Self Check fails with the same words, nothing is written to the disk underneath, and
 * everything works again once the disk is back. A second mount of the same tmpfs keeps its files
 * while the root itself is unmounted, so the disk can come back.
 */
class BackupRootMarkerTest {

    private static final String NOT_MOUNTED = " is not mounted or was replaced: marker missing";

    @TempDir
    Path dir;

    Path root;
    Path disk;
    Cli cli;
    Map<String, String> env;
    boolean mounted;

    @BeforeEach
    void mountTheBackupDisk() throws Exception {
        Assumptions.assumeTrue(TestEnvironment.isRoot(), "mounting a tmpfs needs root");
        root = Files.createDirectories(dir.resolve("mnt/backup"));
        disk = Files.createDirectories(dir.resolve("disk"));
        Commands.Result m = Commands.run("mount", "-t", "tmpfs", "-o", "size=200m", "tmpfs", root.toString());
        Assumptions.assumeTrue(m.exitCode() == 0, "cannot mount tmpfs here: " + m.output());
        mounted = true;
        Commands.ok("mount", "--bind", root.toString(), disk.toString());
        env = TestDatabase.SQLITE.env(dir.resolve("var"));
        cli = new Cli(env);
        Path src = Files.createDirectories(dir.resolve("src/etc"));
        Files.writeString(src.resolve("hosts"), "127.0.0.1 localhost\n");
        ok(cli.run("manage", "configure-host", "h1", "--transport", "local", "--path", src.toString()));
    }

    @AfterEach
    void unmount() {
        if (mounted) {
            Commands.run("umount", root.toString());
        }
        Commands.run("umount", disk.toString());
    }

    private void unplug() {
        Commands.ok("umount", root.toString());
        mounted = false;
    }

    private void plugIn() {
        Commands.ok("mount", "--bind", disk.toString(), root.toString());
        mounted = true;
    }

    @Test
    void anUnmountedDiskIsRefusedByBackupPruneDiscoveryAndSelfCheckUntilItIsBack() throws Exception {
        Cli.Result configured = ok(cli.run("manage", "configure-global", "--backup-root", root.toString()));
        assertThat(configured.out()).contains("root marker:        .pobsync-backup-root (id ");
        assertThat(BackupRootMarker.fileIn(root)).exists();
        ok(cli.run("backup", "h1"));
        ok(cli.run("discover-snapshots"));

        unplug();

        String message = "backup root " + root + NOT_MOUNTED;
        Cli.Result backup = cli.run("backup", "h1");
        assertThat(backup.exitCode()).as(backup.toString()).isEqualTo(1);
        assertThat(backup.out() + backup.err()).contains(message);
        try (var underneath = Files.list(root)) {
            assertThat(underneath).as("nothing may be written onto the disk under the mount point").isEmpty();
        }
        Cli.Result prune = cli.run("retention", "h1", "--apply", "--yes");
        assertThat(prune.exitCode()).isEqualTo(1);
        assertThat(prune.err()).contains(message);
        Cli.Result discover = cli.run("discover-snapshots");
        assertThat(discover.exitCode()).isEqualTo(1);
        assertThat(discover.err()).contains(message);
        assertThat(snapshotStatuses()).containsOnly(SnapshotStatus.COMPLETE);
        Cli.Result check = cli.run("manage", "check");
        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.out()).containsPattern("FAIL +backup root +\\Q" + message + "\\E")
                .contains("mount the backup disk at " + root);
        assertThat(ok(cli.run("status")).out()).contains("(UNUSABLE: " + message + ")");
        Cli.Result reconfigure = cli.run("manage", "configure-global", "--backup-root", root.toString());
        assertThat(reconfigure.exitCode()).isEqualTo(2);
        assertThat(reconfigure.err()).contains(message, "add --initialize");

        plugIn();

        ok(cli.run("backup", "h1"));
        ok(cli.run("discover-snapshots"));
        assertThat(snapshotStatuses()).containsOnly(SnapshotStatus.COMPLETE).hasSize(2);
        assertThat(cli.run("manage", "check").out()).doesNotContain(NOT_MOUNTED);
    }

    @Test
    void aReplacedDiskNeedsAnExplicitInitialize() throws Exception {
        ok(cli.run("manage", "configure-global", "--backup-root", root.toString()));
        ok(cli.run("backup", "h1"));
        String oldId = BackupRootMarker.read(root).orElseThrow();
        unplug();

        Cli.Result initialized = ok(cli.run("manage", "configure-global", "--backup-root", root.toString(), "--initialize"));

        String newId = BackupRootMarker.read(root).orElseThrow();
        assertThat(newId).isNotEqualTo(oldId);
        assertThat(initialized.out()).contains("(id " + newId + ")");
        ok(cli.run("backup", "h1"));
        // The old disk comes back: its marker is not the one the database now trusts.
        plugIn();
        Cli.Result foreign = cli.run("backup", "h1");
        assertThat(foreign.exitCode()).isEqualTo(1);
        assertThat(foreign.out() + foreign.err()).contains("backup root " + root
                + " is not mounted or was replaced: its marker belongs to another backup root");
    }

    @Test
    void aRootUsedBeforeMarkersIsMarkedWhenItsSnapshotsAreThereAndRefusedWhenTheyAreGone() throws Exception {
        ok(cli.run("manage", "configure-global", "--backup-root", root.toString()));
        ok(cli.run("backup", "h1"));
        forgetTheMarker();

        ok(cli.run("backup", "h1"));
        assertThat(BackupRootMarker.read(root)).isPresent();

        forgetTheMarker();
        unplug();
        Cli.Result backup = cli.run("backup", "h1");
        assertThat(backup.exitCode()).isEqualTo(1);
        assertThat(backup.out() + backup.err()).contains("backup root " + root + NOT_MOUNTED);
        try (var underneath = Files.list(root)) {
            assertThat(underneath).isEmpty();
        }
    }

    @Test
    void aNewEmptyRootIsMarkedByConfigureGlobalAndAMissingOneIsNeverCreatedByABackup() throws Exception {
        Path fresh = dir.resolve("fresh");
        Cli.Result configured = ok(cli.run("manage", "configure-global", "--backup-root", fresh.toString()));
        assertThat(BackupRootMarker.read(fresh)).isPresent();
        assertThat(configured.out()).contains("(id " + BackupRootMarker.read(fresh).orElseThrow() + ")");

        Path gone = dir.resolve("gone");
        ok(cli.run("manage", "configure-global", "--backup-root", gone.toString()));
        Commands.ok("rm", "-rf", gone.toString());
        Cli.Result backup = cli.run("backup", "h1");
        assertThat(backup.exitCode()).isEqualTo(1);
        assertThat(backup.out() + backup.err())
                .contains("backup root " + gone + " does not exist or is not a directory (is the backup disk mounted?)");
        assertThat(gone).doesNotExist();
    }

    /** As a root looked before markers existed: no file, no id in the database. */
    private void forgetTheMarker() throws Exception {
        Files.delete(BackupRootMarker.fileIn(root));
        try (AppContext app = open()) {
            app.database().jdbc().sql("UPDATE global_config SET backup_root_id = NULL").update();
        }
    }

    private List<SnapshotStatus> snapshotStatuses() {
        try (AppContext app = open()) {
            long hostId = app.hosts().get("h1").id();
            return app.snapshots().findByHost(hostId).stream().map(SnapshotRecord::status).toList();
        }
    }

    private AppContext open() {
        return AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 1);
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
