package org.pobsync.engine.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.pobsync.engine.layout.SnapshotEntry;
import org.pobsync.engine.layout.SnapshotLayout;
import org.pobsync.engine.process.CommandOutput;
import org.pobsync.engine.process.ProcessCommand;
import org.pobsync.engine.process.ProcessRunner;

/**
 * The start of a backup whose base belongs to the other store (the backup root's store changed):
 * {@code cp -a --reflink=always} of the base's files into the new snapshot, which on btrfs (or
 * XFS) shares their data instead of copying it, and rsync then brings the copy up to date. Where
 * that fails (another file system, no reflink support) the backup starts from an empty directory
 * instead: a full copy, as a first backup is. Either way the run log says which it was.
 */
final class ReflinkCopy {

    private static final Duration TIMEOUT = Duration.ofHours(12);

    private final ProcessRunner runner = new ProcessRunner();

    /**
     * Fills {@code <workDir>/data} (which must not exist) and returns the run log's note.
     *
     * @param why why the base cannot be used the store's own way
     */
    String startFrom(SnapshotEntry base, Path workDir, String why) throws IOException {
        Path data = SnapshotLayout.dataDir(workDir);
        String problem;
        try {
            CommandOutput out = runner.run(ProcessCommand.of("cp", "-a", "--reflink=always", "--",
                    base.dataDir().toString(), workDir.toString()), TIMEOUT);
            if (out.exitCode() == 0) {
                return why + ": starting from a reflinked copy of it (its files, sharing their data)";
            }
            problem = out.stderr().isEmpty() ? "cp exited " + out.exitCode() : out.stderr().get(out.stderr().size() - 1);
        } catch (UncheckedIOException e) {
            problem = e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while copying " + base.dataDir(), e);
        }
        remove(data);
        Files.createDirectory(data);
        return why + ": starting from a full copy (a reflinked copy failed: " + problem + ")";
    }

    /** What a failed copy left behind; never across a mount point. */
    private void remove(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            CommandOutput out = runner.run(ProcessCommand.of("rm", "-rf", "--one-file-system", "--", dir.toString()),
                    TIMEOUT);
            if (out.exitCode() != 0) {
                throw new IOException("cannot remove the partial copy " + dir + ": " + out.stderrText());
            }
        } catch (UncheckedIOException e) {
            throw new IOException("cannot remove the partial copy " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while removing " + dir, e);
        }
    }
}
