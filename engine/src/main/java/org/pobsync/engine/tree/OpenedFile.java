package org.pobsync.engine.tree;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A regular file opened by handle for reading, with the stat of the opened file itself (not of
 * whatever the name pointed to a moment before).
 */
public record OpenedFile(EntryStat stat, FileChannel channel) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
