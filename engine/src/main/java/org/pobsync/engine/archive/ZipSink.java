package org.pobsync.engine.archive;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import org.apache.commons.compress.archivers.zip.X7875_NewUnix;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.pobsync.engine.tree.EntryName;
import org.pobsync.engine.tree.EntryStat;

/**
 * A zip for desktops without tar, written as a stream (data descriptors, Zip64 when a file is
 * over 4 GiB). Names are UTF-8. A name that is not shown as it is (not valid UTF-8, a newline,
 * a backslash, see {@link EntryName}) has those bytes percent-encoded, {@code caf%E9} (and a
 * {@code %} of such a name is {@code %25}): unzip would take the backslash of the escaped form
 * for a directory separator, and tar.gz keeps the exact bytes anyway. Modes and symlinks are in the Unix external attributes, owners in
 * Info-ZIP's Unix extra field, which Info-ZIP's unzip restores as root. Zip has no hard links
 * (each name gets its own copy) and no devices, FIFOs or sockets (skipped).
 */
final class ZipSink implements ArchiveSink {

    private final ZipArchiveOutputStream zip;
    private final byte[] buffer = new byte[64 * 1024];

    ZipSink(OutputStream out) {
        zip = new ZipArchiveOutputStream(new BufferedOutputStream(out, 64 * 1024));
        zip.setEncoding(StandardCharsets.UTF_8.name());
        zip.setUseZip64(Zip64Mode.AsNeeded);
    }

    @Override
    public void directory(String name, EntryStat stat) throws IOException {
        zip.putArchiveEntry(entry(name + "/", stat, 0040000));
        zip.closeArchiveEntry();
    }

    @Override
    public void file(String name, EntryStat stat, FileChannel content) throws IOException {
        ZipArchiveEntry e = entry(name, stat, 0100000);
        e.setSize(stat.size());
        zip.putArchiveEntry(e);
        Copy.exactly(content, stat.size(), zip, buffer);
        zip.closeArchiveEntry();
    }

    @Override
    public void symlink(String name, EntryStat stat, String target) throws IOException {
        ZipArchiveEntry e = entry(name, stat, 0120000);
        byte[] bytes = target.getBytes(StandardCharsets.ISO_8859_1);
        e.setSize(bytes.length);
        zip.putArchiveEntry(e);
        zip.write(bytes);
        zip.closeArchiveEntry();
    }

    @Override
    public boolean hardLink(String name, EntryStat stat, String firstName) {
        return false;
    }

    @Override
    public boolean special(String name, EntryStat stat) {
        return false;
    }

    private static ZipArchiveEntry entry(String latin1Name, EntryStat stat, int typeBits) {
        ZipArchiveEntry e = new ZipArchiveEntry(utf8Name(latin1Name));
        e.setUnixMode(typeBits | stat.permissions());
        e.setLastModifiedTime(FileTime.from(stat.mtime()));
        X7875_NewUnix owner = new X7875_NewUnix();
        owner.setUID(stat.uid());
        owner.setGID(stat.gid());
        e.addExtraField(owner);
        return e;
    }

    /** The archive name from its bytes-as-chars form: UTF-8 when it is, else each segment escaped. */
    private static String utf8Name(String latin1Name) {
        StringBuilder out = new StringBuilder();
        for (String segment : latin1Name.split("/", -1)) {
            if (out.length() > 0 || latin1Name.startsWith("/")) {
                out.append('/');
            }
            if (!segment.isEmpty()) {
                EntryName name = EntryName.ofBytes(segment.getBytes(StandardCharsets.ISO_8859_1));
                out.append(name.isPlain() ? name.escaped() : percentEncoded(name.escaped()));
            }
        }
        return out.toString();
    }

    /** The escaped form with each escape (and each '%') as the percent-encoded bytes it stands for. */
    static String percentEncoded(String escaped) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < escaped.length()) {
            char c = escaped.charAt(i);
            int end = c == '\\' ? escapeEnd(escaped, i) : i + Character.charCount(escaped.codePointAt(i));
            String piece = escaped.substring(i, end);
            if (c == '\\' || c == '%') {
                for (byte b : EntryName.parse(piece).bytes()) {
                    out.append('%').append(String.format("%02X", b & 0xff));
                }
            } else {
                out.append(piece);
            }
            i = end;
        }
        return out.toString();
    }

    private static int escapeEnd(String escaped, int at) {
        char kind = escaped.charAt(at + 1);
        return switch (kind) {
            case 'x' -> at + 4;
            case 'u' -> escaped.indexOf('}', at) + 1;
            default -> at + 2;
        };
    }

    /** The central directory, then a flush (the caller's stream stays open). */
    @Override
    public void finish() throws IOException {
        zip.close();
    }

    /** Without its central directory a zip is unreadable: unzip reports it, nothing passes for whole. */
    @Override
    public void abort() {
        // the stream is left as it is; the caller cuts the connection
    }
}
