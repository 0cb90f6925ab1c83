package org.pobsync.browse;

import java.util.List;
import org.pobsync.engine.tree.SnapshotPath;

/**
 * One page of a directory listing: directories first, then everything else, each by name
 * (bytes). For a path that is not a directory, {@code entries} holds that one entry.
 *
 * @param self  what {@code path} itself is
 * @param total how many entries the directory has (every page)
 */
public record DirectoryPage(BrowsableSnapshot snapshot, SnapshotPath path, FileEntry self, List<FileEntry> entries,
                            int total, int offset, int limit) {

    public boolean isDirectory() {
        return self.isDirectory();
    }

    public boolean hasNext() {
        return offset + entries.size() < total;
    }

    public boolean hasPrevious() {
        return offset > 0;
    }
}
