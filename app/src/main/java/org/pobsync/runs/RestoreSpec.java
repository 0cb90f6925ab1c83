package org.pobsync.runs;

import java.util.List;
import org.pobsync.engine.tree.SnapshotPath;

/**
 * What a restore run restores and where: paths of one snapshot of the run's host, to a
 * directory on a target host.
 *
 * @param paths          escaped text forms ({@link SnapshotPath#escaped()})
 * @param targetHostName the host written to: the run's own host, or another configured one
 * @param inPlace        the target directory is {@code /}: the paths go back where they were
 * @param requestedBy    the user (or {@code cli:user}) who asked
 */
public record RestoreSpec(String snapshot, List<String> paths, long targetHostId, String targetHostName,
                          String targetDir, boolean delete, String requestedBy) {

    public RestoreSpec {
        paths = List.copyOf(paths);
    }

    /** The original place: every path back where the snapshot found it, overwriting what is there. */
    public boolean inPlace() {
        return targetDir.equals("/");
    }

    public List<SnapshotPath> snapshotPaths() {
        return paths.stream().map(SnapshotPath::parse).toList();
    }

    /** The paths as the database keeps them, one per line (an escaped form never holds a newline). */
    String pathsText() {
        return String.join("\n", paths);
    }

    static List<String> parsePaths(String text) {
        return text == null || text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }
}
