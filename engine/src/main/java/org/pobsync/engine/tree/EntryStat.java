package org.pobsync.engine.tree;

import java.nio.ByteBuffer;
import java.time.Instant;

/**
 * What {@code statx} says of one entry, never following a symlink.
 *
 * @param permissions the low twelve bits of {@code st_mode}: rwx for owner, group and others plus
 *                    setuid, setgid and sticky
 * @param device      the file system the entry lives on ({@code st_dev}, major and minor)
 * @param rdevMajor   for a block or character device, the device it stands for
 */
public record EntryStat(EntryType type, int permissions, long uid, long gid, long size, Instant mtime,
                        Instant ctime, long nlink, long inode, long device, long rdevMajor, long rdevMinor) {

    static EntryStat of(ByteBuffer statx) {
        int mode = Short.toUnsignedInt(statx.getShort(28));
        EntryType type = EntryType.ofMode(mode);
        if (type == null) {
            type = EntryType.FILE; // no such type on Linux; never seen
        }
        return new EntryStat(type, mode & 07777, Integer.toUnsignedLong(statx.getInt(20)),
                Integer.toUnsignedLong(statx.getInt(24)), statx.getLong(40), time(statx, 112), time(statx, 96),
                Integer.toUnsignedLong(statx.getInt(16)), statx.getLong(32),
                (long) statx.getInt(136) << 32 | Integer.toUnsignedLong(statx.getInt(140)),
                Integer.toUnsignedLong(statx.getInt(128)), Integer.toUnsignedLong(statx.getInt(132)));
    }

    private static Instant time(ByteBuffer statx, int offset) {
        return Instant.ofEpochSecond(statx.getLong(offset), Integer.toUnsignedLong(statx.getInt(offset + 8)));
    }

    public boolean isDirectory() {
        return type == EntryType.DIRECTORY;
    }

    public boolean isRegularFile() {
        return type == EntryType.FILE;
    }

    /** The mode as {@code ls -l} shows it: {@code -rwsr-xr-x}, {@code drwxrwxrwt}, {@code lrwxrwxrwx}. */
    public String modeString() {
        char[] m = new char[10];
        m[0] = type.lsChar();
        int p = permissions;
        fill(m, 1, p >> 6, (p & 04000) != 0, 's');
        fill(m, 4, p >> 3, (p & 02000) != 0, 's');
        fill(m, 7, p, (p & 01000) != 0, 't');
        return new String(m);
    }

    private static void fill(char[] m, int at, int bits, boolean special, char specialChar) {
        m[at] = (bits & 4) != 0 ? 'r' : '-';
        m[at + 1] = (bits & 2) != 0 ? 'w' : '-';
        boolean x = (bits & 1) != 0;
        m[at + 2] = special ? (x ? specialChar : Character.toUpperCase(specialChar)) : x ? 'x' : '-';
    }

    /** The permissions in octal, four digits: {@code 4755}. */
    public String octal() {
        return String.format("%04o", permissions);
    }

    /**
     * Whether this entry, in a later snapshot, is the very same file as {@code earlier}: one rule
     * for both snapshot stores. With hard-linked snapshots an unchanged file is the same inode; a
     * btrfs snapshot has a device of its own but keeps inode numbers and change times, and a file
     * rsync rewrote gets a new change time. Directories are never shared, so they never match.
     */
    public boolean sameFileAs(EntryStat earlier) {
        return earlier != null && type != EntryType.DIRECTORY && type == earlier.type && inode == earlier.inode
                && size == earlier.size && ctime.equals(earlier.ctime);
    }
}
