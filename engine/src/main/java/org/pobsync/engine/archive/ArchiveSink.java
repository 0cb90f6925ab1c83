package org.pobsync.engine.archive;

import java.io.IOException;
import java.nio.channels.FileChannel;
import org.pobsync.engine.tree.EntryStat;

/** One archive format's way of writing entries; names are relative, '/'-separated. */
interface ArchiveSink {

    void directory(String name, EntryStat stat) throws IOException;

    /** A regular file: exactly {@code stat.size()} bytes of {@code content}. */
    void file(String name, EntryStat stat, FileChannel content) throws IOException;

    void symlink(String name, EntryStat stat, String target) throws IOException;

    /**
     * Another name of a file already written as {@code firstName}; false when the format cannot
     * say so (then the file is written again).
     */
    boolean hardLink(String name, EntryStat stat, String firstName) throws IOException;

    /** A device, FIFO or socket; false when the format cannot hold it (it is skipped). */
    boolean special(String name, EntryStat stat) throws IOException;

    /** Finishes the archive (the end-of-archive records, the compressor's trailer). */
    void finish() throws IOException;

    /**
     * Abandons the archive without finishing it, so the receiver sees a truncated archive and
     * never takes a failed download for the whole.
     */
    void abort();
}
