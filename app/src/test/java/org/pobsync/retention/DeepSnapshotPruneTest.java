package org.pobsync.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.app.AppContext;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.DeepTree;
import org.pobsync.testsupport.TestDatabase;

/**
 * Issue 12, item 3: snapshots holding a path longer than PATH_MAX used to stay "deleting"
 * forever ("File name too long") while every new snapshot re-created the deep directories.
 * Now such snapshots are discovered with their sizes and pruned through the same services as
 * every other snapshot.
 */
class DeepSnapshotPruneTest {

    static final List<String> NAMES = List.of("20261101T021500Z", "20261102T021500Z", "20261103T021500Z");

    @TempDir
    Path dir;

    AppContext app;
    Path hostDir;

    @BeforeEach
    void threeDeepSnapshots() throws Exception {
        app = AppContext.open(PobsyncSettings.from(TestDatabase.SQLITE.env(dir.resolve("var"))), Clock.systemUTC(), 2);
        Path root = Files.createDirectories(dir.resolve("backups"));
        app.globalConfig().update(new GlobalConfigService.Changes(root.toString(), null, null, null, null, null, null,
                null), "test");
        app.hosts().save("deep1", h -> h.address("deep1.example").sourcePaths(List.of("/srv"))
                .retentionOverride(new org.pobsync.config.RetentionSettings(1, null, null, null, null, null)),
                Editor.maintainer("test"));
        hostDir = Files.createDirectories(root.resolve("deep1"));
        for (String name : NAMES) {
            Path data = Files.createDirectories(hostDir.resolve(name).resolve("data/srv"));
            DeepTree.create(data, 20, name);
        }
    }

    @AfterEach
    void close() {
        app.close();
        DeepTree.removeContents(dir);
    }

    @Test
    void deepSnapshotsAreDiscoveredWithSizesAndPrunedToTheEnd() throws Exception {
        app.discovery().discover("deep1", "test");
        List<SnapshotRecord> found = app.snapshots().findByHost(app.hosts().get("deep1").id());
        assertThat(found).hasSize(3).allSatisfy(s -> {
            assertThat(s.status()).isEqualTo(SnapshotStatus.COMPLETE);
            assertThat(s.fileCount()).isEqualTo(1);
            assertThat(s.totalBytes()).isEqualTo(NAMES.get(0).length());
        });

        RetentionService.PruneReport report = app.retention().apply("deep1", null, true, "test");

        assertThat(report.deleted()).containsExactlyInAnyOrder(NAMES.get(0), NAMES.get(1));
        assertThat(hostDir.resolve(NAMES.get(0))).doesNotExist();
        assertThat(hostDir.resolve(NAMES.get(1))).doesNotExist();
        assertThat(hostDir.resolve(NAMES.get(2))).isDirectory();
        assertThat(app.snapshots().findByHost(app.hosts().get("deep1").id()))
                .extracting(SnapshotRecord::name, SnapshotRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(NAMES.get(2), SnapshotStatus.COMPLETE),
                        org.assertj.core.groups.Tuple.tuple(NAMES.get(1), SnapshotStatus.DELETED),
                        org.assertj.core.groups.Tuple.tuple(NAMES.get(0), SnapshotStatus.DELETED));
    }
}
