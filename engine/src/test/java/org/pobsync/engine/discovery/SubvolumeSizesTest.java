package org.pobsync.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.btrfs.Btrfs;
import org.pobsync.testsupport.BtrfsMount;
import org.pobsync.testsupport.Commands;

/**
 * Discovery on a host whose snapshots are btrfs subvolumes, next to one plain snapshot from the
 * hardlink store: files and total bytes mean the same for both, and a subvolume's unique bytes
 * are what btrfs counts as exclusive to it.
 */
class SubvolumeSizesTest {

    @TempDir
    Path tmp;

    private final Btrfs btrfs = new Btrfs();

    @Test
    void uniqueBytesOfASubvolumeAreItsExclusiveExtents() throws IOException {
        try (BtrfsMount mount = BtrfsMount.at(tmp.resolve("btrfs"))) {
            Path host = Files.createDirectories(mount.path().resolve("backups/web1"));
            Path plain = host.resolve("20261119T021500Z");
            write(plain.resolve("data/etc/a"), 40_960, 1);
            Path first = host.resolve("20261120T021500Z");
            btrfs.createSubvolume(first);
            write(first.resolve("data/etc/a"), 102_400, 2);
            write(first.resolve("data/etc/b"), 204_800, 3);
            btrfs.setReadOnly(first, true);
            Path second = host.resolve("20261121T021500Z");
            btrfs.snapshot(first, second);
            Files.delete(second.resolve("data/etc/b"));
            write(second.resolve("data/etc/b"), 307_200, 4);
            btrfs.setReadOnly(second, true);
            Commands.ok("sync", "-f", host.toString());

            List<DiscoveredSnapshot> found = new SnapshotScanner(mount.path().resolve("backups"))
                    .scanHost("web1", SizeMode.WITH_SIZES);

            assertThat(found).extracting(DiscoveredSnapshot::name)
                    .containsExactly("20261119T021500Z", "20261120T021500Z", "20261121T021500Z");
            assertThat(found.get(0).sizes()).isEqualTo(new SnapshotSizes(1, 40_960, 40_960, 0));
            // a is shared by both subvolumes; each b belongs to one of them.
            assertThat(found.get(1).sizes()).isEqualTo(new SnapshotSizes(2, 307_200, 204_800, 0));
            assertThat(found.get(2).sizes()).isEqualTo(new SnapshotSizes(2, 409_600, 307_200, 0));
        }
    }

    private static void write(Path file, int size, long seed) throws IOException {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
    }
}
