package org.pobsync.engine.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InodeTableTest {

    @Test
    void behavesLikeAMapThroughManyGrowths() {
        InodeTable table = new InodeTable(4);
        Map<Long, Integer> expected = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            // Dense, sequential inode numbers (as filesystems hand them out) and random ones.
            long inode = random.nextBoolean() ? 1_000_000 + random.nextInt(150_000) : random.nextLong();
            int value = random.nextInt(Integer.MAX_VALUE);
            table.put(inode, value);
            expected.put(inode, value);
        }
        assertThat(table.size()).isEqualTo(expected.size());
        expected.forEach((inode, value) -> assertThat(table.get(inode)).isEqualTo(value));
        assertThat(table.get(999_999)).isEqualTo(InodeTable.ABSENT);
    }

    @Test
    void inodeZeroIsAnOrdinaryKey() {
        InodeTable table = new InodeTable(16);
        assertThat(table.get(0)).isEqualTo(InodeTable.ABSENT);
        table.put(0, 5);
        table.put(0, 6);
        assertThat(table.get(0)).isEqualTo(6);
        assertThat(table.size()).isEqualTo(1);
    }
}
