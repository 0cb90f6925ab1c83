package org.pobsync.browse;

import org.pobsync.engine.tree.EntryName;
import org.pobsync.engine.tree.EntryStat;
import org.pobsync.engine.tree.SnapshotPath;

/**
 * One entry of a snapshot as the panel, the API and the CLI show it.
 *
 * @param linkTarget a symlink's target in escaped form (shown, never followed); null otherwise
 * @param owner      this server's name for the owner's number, null when it has none
 */
public record FileEntry(EntryName name, SnapshotPath path, EntryStat stat, String linkTarget, String owner,
                        String group) {

    public boolean isDirectory() {
        return stat.isDirectory();
    }

    /** "1000 (alice)" or "1000". */
    public String ownerText() {
        return owner == null ? Long.toString(stat.uid()) : stat.uid() + " (" + owner + ")";
    }

    public String groupText() {
        return group == null ? Long.toString(stat.gid()) : stat.gid() + " (" + group + ")";
    }
}
