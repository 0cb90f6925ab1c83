package org.pobsync.runs;

import java.util.List;

/**
 * A restore as an operator asks for it, before it is checked (panel form, CLI, confirm).
 *
 * @param snapshot    a snapshot name, or {@code latest}
 * @param paths       escaped text forms of paths inside the snapshot ({@code /} for everything)
 * @param targetHost  null or blank: the snapshot's own host
 * @param targetDir   null or blank: a new directory, {@code /var/tmp/pobsync-restore-<run id>/};
 *                    {@code /}: the original place (overwriting, needs {@code confirmHost})
 * @param confirmHost the target host's name as the operator typed it (in-place restores only)
 */
public record RestoreOrder(String host, String snapshot, List<String> paths, String targetHost, String targetDir,
                           boolean delete, boolean dryRun, String confirmHost) {

    public RestoreOrder {
        paths = paths == null ? List.of() : List.copyOf(paths);
    }
}
