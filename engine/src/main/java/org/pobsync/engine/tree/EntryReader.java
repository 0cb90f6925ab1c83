package org.pobsync.engine.tree;

import java.io.IOException;

/**
 * The entries of one open directory, read with getdents64 a batch (up to 32 KiB) at a time, so a
 * directory of a million names never needs a million objects at once. Entries removed while
 * reading may or may not still appear; callers that delete treat "already gone" as done.
 */
public final class EntryReader {

    // struct linux_dirent64: d_ino u64, d_off s64, d_reclen u16, d_type u8, d_name (NUL-terminated)
    private static final int RECLEN = 16;
    private static final int TYPE = 18;
    private static final int NAME = 19;

    private final DirectoryHandle dir;
    private byte[] batch = new byte[0];
    private int pos;
    private boolean end;

    EntryReader(DirectoryHandle dir) {
        this.dir = dir;
    }

    /** The next entry, or null at the end. */
    public DirectoryEntry next() throws IOException {
        while (true) {
            if (pos >= batch.length) {
                if (end) {
                    return null;
                }
                batch = dir.readBatch();
                pos = 0;
                if (batch.length == 0) {
                    end = true;
                    return null;
                }
            }
            int at = pos;
            int reclen = (batch[at + RECLEN] & 0xff) | (batch[at + RECLEN + 1] & 0xff) << 8;
            if (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.BIG_ENDIAN) {
                reclen = (batch[at + RECLEN] & 0xff) << 8 | (batch[at + RECLEN + 1] & 0xff);
            }
            pos += reclen;
            int nameEnd = at + NAME;
            int limit = at + reclen;
            while (nameEnd < limit && batch[nameEnd] != 0) {
                nameEnd++;
            }
            int length = nameEnd - (at + NAME);
            if (length == 1 && batch[at + NAME] == '.' || length == 2 && batch[at + NAME] == '.'
                    && batch[at + NAME + 1] == '.') {
                continue;
            }
            byte[] name = new byte[length + 1];
            System.arraycopy(batch, at + NAME, name, 0, length);
            return new DirectoryEntry(EntryName.fromDirectory(name), EntryType.ofDirentType(batch[at + TYPE]));
        }
    }
}
