package org.pobsync.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.engine.btrfs.Btrfs;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.BtrfsMount;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.TestDatabase;

/**
 * The btrfs store from the operator's side, through the real CLI on a real btrfs: auto picks it
 * and says so, discovery sizes its snapshots, and retention deletes them as subvolumes under
 * the same max-delete bound and with the same records as the hardlink store.
 */
class BtrfsRetentionTest {

    @TempDir
    Path dir;

    @Test
    void autoUsesBtrfsAndRetentionDeletesSubvolumesWithinItsBound() throws Exception {
        try (BtrfsMount btrfs = BtrfsMount.at(dir.resolve("btrfs"))) {
            Path root = btrfs.path().resolve("backups");
            Map<String, String> env = TestDatabase.SQLITE.env(dir.resolve("var"));
            Cli cli = new Cli(env);
            Path etc = Files.createDirectories(dir.resolve("src/etc"));
            Files.write(etc.resolve("blob"), new byte[256 * 1024]);
            ok(cli.run("manage", "configure-global", "--backup-root", root.toString()));
            ok(cli.run("manage", "configure-host", "h1", "--transport", "local", "--path", etc.toString(),
                    "--keep-last", "1"));
            assertThat(cli.run("manage", "check").out()).containsPattern("OK +snapshot store +btrfs \\(auto: "
                    + java.util.regex.Pattern.quote(root.toString()) + " is on btrfs");
            assertThat(ok(cli.run("status")).out()).contains("snapshots:   store btrfs (auto: ");
            for (int i = 0; i < 3; i++) {
                Files.writeString(etc.resolve("changes"), "version " + i + "\n");
                ok(cli.run("backup", "h1", "--quiet"));
                Thread.sleep(1100); // a new snapshot name needs a new second
            }
            ok(cli.run("discover-snapshots"));
            List<SnapshotRecord> before = records(env);
            assertThat(before).hasSize(3).allSatisfy(r -> {
                assertThat(Btrfs.isSubvolume(Path.of(r.path()))).as(r.path()).isTrue();
                assertThat(r.totalBytes()).isGreaterThan(256 * 1024);
                // The blob is one extent shared by all three: it is nobody's unique bytes.
                assertThat(r.uniqueBytes()).isNotNull().isLessThan(256 * 1024);
            });

            Cli.Result refused = cli.run("retention", "h1", "--apply", "--yes", "--max-delete", "1");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.err()).contains("more than --max-delete 1; nothing was deleted");
            assertThat(records(env)).extracting(SnapshotRecord::status).containsOnly(SnapshotStatus.COMPLETE);

            Cli.Result applied = ok(cli.run("retention", "h1", "--apply", "--yes", "--max-delete", "2"));

            assertThat(applied.out()).contains("pruned 2 snapshots of h1",
                    "btrfs returns the space of deleted snapshots in the background");
            List<SnapshotRecord> after = records(env);
            assertThat(after).extracting(SnapshotRecord::status)
                    .containsExactly(SnapshotStatus.COMPLETE, SnapshotStatus.DELETED, SnapshotStatus.DELETED);
            assertThat(Path.of(after.get(1).path())).doesNotExist();
            assertThat(Path.of(after.get(2).path())).doesNotExist();
            assertThat(Path.of(after.get(0).path()).resolve("snapshot.json")).exists();
            // The snapshot left keeps its files and size; what it alone holds changed, and only
            // btrfs can count it again (discovery), so it reads unknown rather than stale.
            assertThat(after.get(0).fileCount()).isEqualTo(before.get(0).fileCount());
            assertThat(after.get(0).totalBytes()).isEqualTo(before.get(0).totalBytes());
            assertThat(after.get(0).uniqueBytes()).isNull();
        }
    }

    /** The host's snapshot records, newest first. */
    private static List<SnapshotRecord> records(Map<String, String> env) {
        try (AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 1)) {
            return app.snapshots().findByHost(app.hosts().get("h1").id());
        }
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
