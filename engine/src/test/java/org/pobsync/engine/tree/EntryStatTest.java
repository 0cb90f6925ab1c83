package org.pobsync.engine.tree;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EntryStatTest {

    private static final Instant T = Instant.parse("2026-11-01T02:15:00.123456789Z");

    private static EntryStat file(long inode, long device, Instant ctime, long size) {
        return new EntryStat(EntryType.FILE, 0644, 0, 0, size, T, ctime, 2, inode, device, 0, 0);
    }

    @Test
    void theSameInodeIsTheSameFileOnAHardLinkStore() {
        assertThat(file(42, 7, T, 10).sameFileAs(file(42, 7, T, 10))).isTrue();
        assertThat(file(42, 7, T, 10).sameFileAs(file(43, 7, T, 10))).isFalse();
    }

    @Test
    void aBtrfsSnapshotKeepsInodeAndChangeTimeOnADeviceOfItsOwn() {
        assertThat(file(42, 8, T, 10).sameFileAs(file(42, 7, T, 10))).isTrue();
        assertThat(file(42, 8, T.plusNanos(1), 10).sameFileAs(file(42, 7, T, 10)))
                .as("rewritten in place: a new change time").isFalse();
    }

    @Test
    void directoriesAreNeverShared() {
        EntryStat dir = new EntryStat(EntryType.DIRECTORY, 0755, 0, 0, 4096, T, T, 2, 42, 7, 0, 0);
        assertThat(dir.sameFileAs(dir)).isFalse();
        assertThat(dir.modeString()).isEqualTo("drwxr-xr-x");
        assertThat(new EntryStat(EntryType.FILE, 06644, 0, 0, 0, T, T, 1, 1, 1, 0, 0).modeString())
                .isEqualTo("-rwSr-Sr--");
    }
}
