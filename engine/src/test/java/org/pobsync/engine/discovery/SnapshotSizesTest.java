package org.pobsync.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.DiskFixtures.dir;
import static org.pobsync.testsupport.DiskFixtures.file;
import static org.pobsync.testsupport.DiskFixtures.hardLink;
import static org.pobsync.testsupport.DiskFixtures.symlink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.DeepTree;
import org.pobsync.testsupport.TmpfsMount;

class SnapshotSizesTest {

    @TempDir
    Path root;

    private Map<String, SnapshotSizes> sizesOf(String host) throws IOException {
        List<DiscoveredSnapshot> found = new SnapshotScanner(root).scanHost(host, SizeMode.WITH_SIZES);
        return found.stream().collect(Collectors.toMap(
                s -> s.path().getFileName().toString(), DiscoveredSnapshot::sizes));
    }

    @Test
    void countsEachInodeOncePerSnapshotAndOnlyUnsharedInodesAsUnique() throws IOException {
        Path a = root.resolve("web1/20261120T021500Z/data");
        Path b = root.resolve("web1/20261121T021500Z/data");
        Path c = root.resolve("web1/20261122T021500Z.incomplete/data");
        file(a.resolve("a"), 100);
        Path onlyInA = file(a.resolve("b"), 200);
        Path shared = file(a.resolve("etc/s"), 1000);
        Path linkedWithin = file(a.resolve("h1"), 300);
        hardLink(a.resolve("deep/er/h2"), linkedWithin);       // same inode twice in A
        hardLink(b.resolve("etc/s"), shared);                  // unchanged file, as --link-dest makes it
        file(b.resolve("c"), 50);
        symlink(b.resolve("passwd"), Path.of("/etc/passwd"));  // neither followed nor counted
        symlink(b.resolve("older"), Path.of("../../20261120T021500Z/data"));
        hardLink(c.resolve("h3"), linkedWithin);               // an incomplete run shares it too
        file(c.resolve("d"), 7);
        dir(root.resolve("web1/20261123T021500Z/data/empty/dirs"));
        hardLink(root.resolve("web2/20261120T021500Z/data/x"), onlyInA); // another host's link

        Map<String, SnapshotSizes> sizes = sizesOf("web1");

        assertThat(sizes.get("20261120T021500Z")).isEqualTo(new SnapshotSizes(5, 1600, 300, 0));
        assertThat(sizes.get("20261121T021500Z")).isEqualTo(new SnapshotSizes(2, 1050, 50, 0));
        assertThat(sizes.get("20261122T021500Z.incomplete")).isEqualTo(new SnapshotSizes(2, 307, 7, 0));
        assertThat(sizes.get("20261123T021500Z")).isEqualTo(new SnapshotSizes(0, 0, 0, 0));
        assertThat(sizesOf("web2").get("20261120T021500Z"))
                .as("links from another host's snapshots do not make a file shared")
                .isEqualTo(new SnapshotSizes(1, 200, 200, 0));
    }

    @Test
    void measuresATreeDeeperThanPathMax() throws IOException {
        Path data = dir(root.resolve("web1/20261120T021500Z/data"));
        file(data.resolve("top"), 10);
        DeepTree.create(data, 20, "0123456789");
        try {
            assertThat(sizesOf("web1").get("20261120T021500Z")).isEqualTo(new SnapshotSizes(2, 20, 20, 0));
        } finally {
            DeepTree.removeContents(root);
        }
    }

    @Test
    void snapshotJsonIsPartOfTheSnapshot() throws IOException {
        Path json = file(root.resolve("web1/20261120T021500Z/snapshot.json"), "{\"status\": \"complete\"}");
        file(root.resolve("web1/20261120T021500Z/data/f"), 10);

        assertThat(sizesOf("web1").get("20261120T021500Z"))
                .isEqualTo(new SnapshotSizes(2, 10 + Files.size(json), 10 + Files.size(json), 0));
    }

    @Test
    void aSeriesOfLinkedSnapshotsSharesAllButItsChanges() throws IOException {
        // Like ten nightly runs with --link-dest: each links the previous run's files and
        // rewrites a few of them.
        int files = 200;
        int changedPerRun = 10;
        Path previous = null;
        for (int run = 0; run < 10; run++) {
            Path data = root.resolve("web1/2026112" + run + "T021500Z/data");
            for (int f = 0; f < files; f++) {
                Path target = data.resolve("dir" + f % 7 + "/file" + f);
                boolean changed = run == 0 || (f >= run * changedPerRun && f < (run + 1) * changedPerRun);
                if (changed) {
                    file(target, 1000 + run);
                } else {
                    hardLink(target, previous.resolve("dir" + f % 7 + "/file" + f));
                }
            }
            previous = data;
        }

        Map<String, SnapshotSizes> sizes = sizesOf("web1");

        // Run r (r >= 1) rewrote files [10r, 10r+10), and every later run links that version.
        // So only two file versions are held by a single snapshot: run 0's files 10..19
        // (rewritten at once by run 1) and run 9's own rewrites (no run after it).
        SnapshotSizes first = sizes.get("20261120T021500Z");
        assertThat(first).isEqualTo(new SnapshotSizes(files, files * 1000L, changedPerRun * 1000L, 0));
        for (int run = 1; run < 10; run++) {
            SnapshotSizes s = sizes.get("2026112" + run + "T021500Z");
            long rewrittenUpToNow = (long) run * changedPerRun;
            long total = (files - rewrittenUpToNow) * 1000L + changedPerRun * (1000L + run)
                    + sumOfEarlierRewrites(run, changedPerRun);
            long unique = run == 9 ? changedPerRun * 1009L : 0;
            assertThat(s).as("run " + run).isEqualTo(new SnapshotSizes(files, total, unique, 0));
        }
    }

    @Test
    void walkingInParallelGivesTheSameFiguresAsOneThread() {
        List<Path> snapshots = new java.util.ArrayList<>();
        Path first = root.resolve("web1/20261120T021500Z");
        for (int f = 0; f < 50; f++) {
            file(first.resolve("data/f" + f), 10 * f + 1);
        }
        snapshots.add(first);
        for (int run = 1; run < 7; run++) {
            Path snapshot = root.resolve("web1/2026112" + run + "T021500Z");
            for (int f = 0; f < 50; f++) {
                Path target = snapshot.resolve("data/f" + f);
                if (f % 7 == run) {
                    file(target, 5000 + run);
                } else {
                    hardLink(target, snapshots.get(f % run).resolve("data/f" + f));
                }
            }
            snapshots.add(snapshot);
        }

        assertThat(new HostSizer(3).measure(snapshots)).containsExactly(new HostSizer(1).measure(snapshots));
    }

    @Test
    void aFilesystemMountedInsideASnapshotIsNotMeasured() throws Exception {
        file(root.resolve("web1/20261120T021500Z/data/f"), 10);
        Path mountPoint = root.resolve("web1/20261120T021500Z/data/mnt");
        try (TmpfsMount mount = TmpfsMount.at(mountPoint)) {
            file(mountPoint.resolve("foreign"), 5000);

            assertThat(sizesOf("web1").get("20261120T021500Z")).isEqualTo(new SnapshotSizes(1, 10, 10, 0));
        }
    }

    @Test
    void aSnapshotThatVanishedBeforeMeasuringIsReportedUnreadable() {
        assertThat(new HostSizer(1).measure(List.of(root.resolve("web1/20261120T021500Z"))))
                .containsExactly(new SnapshotSizes(0, 0, 0, 1));
    }

    /** Bytes of files rewritten by runs 1..run-1 that run still links (each 1000 + that run). */
    private static long sumOfEarlierRewrites(int run, int changedPerRun) {
        long sum = 0;
        for (int earlier = 1; earlier < run; earlier++) {
            sum += changedPerRun * (1000L + earlier);
        }
        return sum;
    }
}
