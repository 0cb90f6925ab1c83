package org.pobsync.engine.discovery;

/**
 * A map from inode number to an int, with open addressing over two primitive arrays: a scan of
 * millions of hard-linked files must not allocate an object per file. Only inodes with more than
 * one link are ever stored, so the table stays small for snapshots of unchanged data too (those
 * are exactly the files that are linked).
 */
final class InodeTable {

    static final int ABSENT = -1;

    private long[] keys;
    private int[] values;
    private int size;
    /** Inode 0 marks an empty slot, so a (theoretical) real inode 0 lives here. */
    private boolean hasZero;
    private int zeroValue;

    InodeTable(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new long[capacity];
        values = new int[capacity];
    }

    int get(long inode) {
        if (inode == 0) {
            return hasZero ? zeroValue : ABSENT;
        }
        int mask = keys.length - 1;
        for (int slot = hash(inode) & mask; ; slot = (slot + 1) & mask) {
            long key = keys[slot];
            if (key == inode) {
                return values[slot];
            }
            if (key == 0) {
                return ABSENT;
            }
        }
    }

    /** @param value any int but {@link #ABSENT} */
    void put(long inode, int value) {
        if (inode == 0) {
            size += hasZero ? 0 : 1;
            hasZero = true;
            zeroValue = value;
            return;
        }
        int mask = keys.length - 1;
        int slot = hash(inode) & mask;
        while (keys[slot] != 0 && keys[slot] != inode) {
            slot = (slot + 1) & mask;
        }
        if (keys[slot] == 0) {
            keys[slot] = inode;
            if (++size * 2 > keys.length) {
                values[slot] = value;
                grow();
                return;
            }
        }
        values[slot] = value;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new int[oldValues.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            long key = oldKeys[i];
            if (key != 0) {
                int slot = hash(key) & mask;
                while (keys[slot] != 0) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = key;
                values[slot] = oldValues[i];
            }
        }
    }

    /** Inode numbers are often dense and sequential; mix them so linear probing stays short. */
    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }
}
