package org.pobsync.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pobsync.app.AppContext;
import org.pobsync.engine.StoreSetting;
import org.pobsync.engine.btrfs.Btrfs;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.Await;
import org.pobsync.testsupport.BtrfsMount;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.Commands;
import org.pobsync.testsupport.PobsyncProcess;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.testsupport.TreeComparison;

/**
 * Issue 16, item 5: SIGKILL to a worker process in the middle of a backup, on both snapshot
 * stores. Every complete snapshot stays exactly as it was, the killed one stays incomplete, and
 * the next backup starts from the last complete snapshot and equals the source.
 */
class SnapshotStoreKillTest {

    @TempDir
    Path dir;

    private BtrfsMount btrfs;
    private PobsyncProcess worker;
    private Cli cli;
    private Map<String, String> env;
    private Path root;
    private Path blob;
    private int seed = 1;

    @AfterEach
    void cleanUp() {
        if (worker != null) {
            worker.close();
        }
        if (btrfs != null) {
            btrfs.close();
        }
    }

    @ParameterizedTest
    @EnumSource(value = StoreSetting.class, names = {"HARDLINK", "BTRFS"})
    void aKilledWorkerLeavesEveryCompleteSnapshotUntouched(StoreSetting store) throws Exception {
        root = dir.resolve("backups");
        if (store == StoreSetting.BTRFS) {
            btrfs = BtrfsMount.at(dir.resolve("btrfs"));
            root = btrfs.path().resolve("backups");
        }
        env = TestDatabase.SQLITE.env(dir.resolve("var"));
        cli = new Cli(env);
        Path etc = Files.createDirectories(dir.resolve("src/etc"));
        Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost\n");
        blob = Files.createDirectories(dir.resolve("src/big")).resolve("blob.bin");
        rewriteBlob();
        ok(cli.run("manage", "configure-global", "--backup-root", root.toString(), "--snapshot-store", store.dbValue()));
        ok(cli.run("manage", "configure-host", "web1", "--transport", "local", "--path", etc.toString(),
                "--path", blob.getParent().toString()));
        ok(cli.run("backup", "web1", "--quiet"));
        Thread.sleep(1100); // a new snapshot name needs a new second
        rewriteBlob();
        ok(cli.run("backup", "web1", "--quiet"));
        Map<Path, Map<String, TreeComparison.Entry>> complete = new LinkedHashMap<>();
        try (var snapshots = Files.list(root.resolve("web1"))) {
            snapshots.filter(Files::isDirectory).sorted().forEach(s -> complete.put(s, TreeComparison.scan(s)));
        }
        assertThat(complete).hasSize(2);

        rewriteBlob();
        ok(cli.run("manage", "configure-host", "web1", "--bwlimit", "300"));
        long runId = queue();
        worker = PobsyncProcess.start(env, dir.resolve("worker.log"), "worker", "--loop", "--interval", "1");
        try (AppContext app = AppContext.open(PobsyncSettings.from(env), Clock.systemUTC(), 1)) {
            Await.until(Duration.ofSeconds(60), () -> {
                Long bytes = app.runs().get(runId).bytesTransferred();
                return bytes != null && bytes > 0;
            }, "bytes to flow");
            worker.kill9();
            // The next worker finds the run lost, ends the rsync it left behind, and goes on.
            ok(cli.run("worker"));
            BackupRun lost = app.runs().get(runId);
            assertThat(lost.errorSummary()).isEqualTo("worker lost");
            assertThat(root.resolve("web1").resolve(lost.snapshotName() + ".incomplete")).isDirectory();

            complete.forEach((snapshot, before) -> assertThat(TreeComparison.scan(snapshot)).as(snapshot.toString())
                    .isEqualTo(before));
            if (store == StoreSetting.BTRFS) {
                for (Path snapshot : complete.keySet()) {
                    assertThat(Btrfs.isSubvolume(snapshot)).isTrue();
                    assertThat(Commands.ok("btrfs", "property", "get", "-ts", snapshot.toString(), "ro").strip())
                            .isEqualTo("ro=true");
                }
            }

            ok(cli.run("manage", "configure-host", "web1", "--bwlimit", "0"));
            ok(cli.run("backup", "web1", "--quiet"));
            BackupRun next = app.runs().list("web1", RunStatus.SUCCEEDED, 1, 0).get(0);
            Path last = complete.keySet().stream().reduce((a, b) -> b).orElseThrow();
            assertThat(next.baseSnapshotName()).isEqualTo(last.getFileName().toString());
            Path data = root.resolve("web1").resolve(next.snapshotName()).resolve("data");
            TreeComparison.assertSameTree(blob.getParent(), data.resolve(blob.getParent().toString().substring(1)));
        }
    }

    private long queue() {
        Cli.Result queued = ok(cli.run("manage", "run-backup", "web1", "--queue"));
        Matcher m = Pattern.compile("queued run (\\d+)").matcher(queued.out());
        assertThat(m.find()).as(queued.out()).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** 6 MB of new random bytes with a new mtime: at 300 KB/s the backup runs for about 20 s. */
    private void rewriteBlob() throws IOException {
        Random random = new Random(seed++);
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(blob)) {
            for (int i = 0; i < 96; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        Files.setLastModifiedTime(blob, FileTime.from(Instant.parse("2020-01-01T00:00:00Z").plusSeconds(seed)));
    }

    private static Cli.Result ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
        return r;
    }
}
