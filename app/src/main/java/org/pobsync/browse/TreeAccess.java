package org.pobsync.browse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.engine.layout.SnapshotLayout;
import org.pobsync.engine.tree.AccountNames;
import org.pobsync.engine.tree.DirectoryHandle;
import org.pobsync.engine.tree.EntryName;
import org.pobsync.engine.tree.EntryStat;
import org.pobsync.engine.tree.EntryType;
import org.pobsync.engine.tree.SnapshotPath;
import org.pobsync.engine.tree.SnapshotTree;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.NotFoundException;

/**
 * Opens a snapshot's tree under the configured backup root, and says in an operator's words why
 * something could not be read: no such path (404), a symlink or a file where a directory was
 * needed (400: symlinks are shown, never followed), permission denied (the web service lacks
 * its capability), anything else (500, logged).
 */
final class TreeAccess {

    private final GlobalConfigService config;

    TreeAccess(GlobalConfigService config) {
        this.config = config;
    }

    SnapshotTree open(BrowsableSnapshot snapshot) {
        SnapshotLayout layout = new SnapshotLayout(config.get().backupRoot());
        Path root = layout.root();
        layout.hostDir(snapshot.host()); // validates the host name before it names a directory
        try {
            return SnapshotTree.open(root, snapshot.host(), snapshot.name());
        } catch (NoSuchFileException e) {
            throw new NotFoundException("snapshot " + snapshot.label() + " is not on disk under " + root
                    + " (was it deleted by hand? run snapshot discovery)");
        } catch (IOException e) {
            throw problem(e, snapshot, SnapshotPath.ROOT);
        }
    }

    static RuntimeException problem(IOException e, BrowsableSnapshot snapshot, SnapshotPath path) {
        String where = path + " in snapshot " + snapshot.label();
        if (e instanceof NoSuchFileException) {
            return new NotFoundException(where + " does not exist");
        }
        if (e instanceof AccessDeniedException) {
            return new ConflictException("permission denied reading " + where + ": the web service needs"
                    + " CAP_DAC_READ_SEARCH (README, \"The services' sandbox\")");
        }
        if (e instanceof NotDirectoryException) {
            return new IllegalArgumentException(where + ": a part of the path is not a directory");
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return new IllegalArgumentException(where + ": " + shortFile(f) + f.getReason());
        }
        return new UncheckedIOException("cannot read " + where + ": " + e.getMessage(), e);
    }

    private static String shortFile(FileSystemException f) {
        String file = f.getFile();
        int slash = file == null ? -1 : file.lastIndexOf('/');
        return file == null ? "" : file.substring(slash + 1) + " ";
    }

    /** One entry for display: its stat, a symlink's target (read, never followed), owner names. */
    static FileEntry entry(DirectoryHandle parent, EntryName name, SnapshotPath path, EntryStat stat,
                           AccountNames names) throws IOException {
        String target = null;
        if (stat.type() == EntryType.SYMLINK) {
            byte[] bytes = parent.readLink(name);
            target = EntryName.escapeBytes(bytes);
        }
        return new FileEntry(name, path, stat, target, names.user(stat.uid()), names.group(stat.gid()));
    }
}
