package org.pobsync.engine.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.attribute.FileTime;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.pobsync.engine.tree.EntryStat;

/**
 * A gzip-compressed tar (gzip on its own thread, {@link BackgroundGzip}). Names and link targets go in as ISO-8859-1 strings made from the raw
 * bytes (one char per byte) and are written with that encoding, so every byte comes out as it
 * is on disk, UTF-8 or not; long names use GNU's long-name records, which GNU tar, bsdtar and
 * Python read. Owners are numbers only: a name would be this server's name for the number, not
 * the host's, and tar would map by it on extraction. Numbers too big for the classic header
 * (files over 8 GiB, large uids) go into POSIX extended headers.
 */
final class TarSink implements ArchiveSink {

    private static final String BYTES_AS_CHARS = "ISO-8859-1";

    private final BackgroundGzip gzip;
    private final TarArchiveOutputStream tar;
    private final byte[] buffer = new byte[64 * 1024];

    TarSink(OutputStream out) throws IOException {
        gzip = new BackgroundGzip(out);
        tar = new TarArchiveOutputStream(gzip, 10240, BYTES_AS_CHARS);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    @Override
    public void directory(String name, EntryStat stat) throws IOException {
        TarArchiveEntry e = entry(name + "/", TarConstants.LF_DIR, stat, 0040000);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    @Override
    public void file(String name, EntryStat stat, FileChannel content) throws IOException {
        TarArchiveEntry e = entry(name, TarConstants.LF_NORMAL, stat, 0100000);
        e.setSize(stat.size());
        tar.putArchiveEntry(e);
        Copy.exactly(content, stat.size(), tar, buffer);
        tar.closeArchiveEntry();
    }

    @Override
    public void symlink(String name, EntryStat stat, String target) throws IOException {
        TarArchiveEntry e = entry(name, TarConstants.LF_SYMLINK, stat, 0120000);
        e.setLinkName(target);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
    }

    @Override
    public boolean hardLink(String name, EntryStat stat, String firstName) throws IOException {
        TarArchiveEntry e = entry(name, TarConstants.LF_LINK, stat, 0100000);
        e.setLinkName(firstName);
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return true;
    }

    @Override
    public boolean special(String name, EntryStat stat) throws IOException {
        byte flag;
        int typeBits;
        switch (stat.type()) {
            case BLOCK_DEVICE -> { flag = TarConstants.LF_BLK; typeBits = 0060000; }
            case CHAR_DEVICE -> { flag = TarConstants.LF_CHR; typeBits = 0020000; }
            case FIFO -> { flag = TarConstants.LF_FIFO; typeBits = 0010000; }
            default -> {
                return false; // a socket: tar has no type for it (GNU tar skips them too)
            }
        }
        TarArchiveEntry e = entry(name, flag, stat, typeBits);
        if (flag != TarConstants.LF_FIFO) {
            e.setDevMajor((int) stat.rdevMajor());
            e.setDevMinor((int) stat.rdevMinor());
        }
        tar.putArchiveEntry(e);
        tar.closeArchiveEntry();
        return true;
    }

    private static TarArchiveEntry entry(String name, byte flag, EntryStat stat, int typeBits) {
        TarArchiveEntry e = new TarArchiveEntry(name, flag);
        e.setMode(typeBits | stat.permissions());
        e.setUserId(stat.uid());
        e.setGroupId(stat.gid());
        e.setUserName("");
        e.setGroupName("");
        e.setLastModifiedTime(FileTime.from(stat.mtime()));
        return e;
    }

    /** Closing writes tar's end-of-archive blocks and gzip's trailer, in that order (the caller's stream stays open). */
    @Override
    public void finish() throws IOException {
        tar.close();
    }

    @Override
    public void abort() {
        gzip.abort();
    }
}
