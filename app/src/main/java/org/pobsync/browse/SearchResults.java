package org.pobsync.browse;

import java.util.List;
import org.pobsync.engine.tree.SnapshotPath;

/**
 * What a name search inside one snapshot found.
 *
 * @param scanned   entries looked at
 * @param truncated stopped at the result limit: there may be more
 * @param timedOut  stopped at the time limit: the part not walked was not searched
 */
public record SearchResults(BrowsableSnapshot snapshot, SnapshotPath under, String query, List<FileEntry> matches,
                            long scanned, boolean truncated, boolean timedOut) {
}
