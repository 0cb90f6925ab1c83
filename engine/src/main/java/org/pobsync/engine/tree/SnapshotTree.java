package org.pobsync.engine.tree;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The {@code data/} directory of one snapshot, open by handle, and every path inside it resolved
 * from there one name at a time: each directory opened with {@code O_NOFOLLOW} relative to the
 * one before, never a directory on another file system (a mount point inside a snapshot is not
 * part of it). Whatever a path says, what it reaches is inside {@code data/}; a symlink on the
 * way is an error, and a symlink at the end is an entry to show, never to follow.
 */
public final class SnapshotTree implements AutoCloseable {

    public static final String DATA = "data";

    private final DirectoryHandle data;
    private final long device;

    private SnapshotTree(DirectoryHandle data, long device) {
        this.data = data;
        this.device = device;
    }

    /**
     * Opens {@code <root>/<host>/<snapshotDirectory>/data}: the root by path (it may be a
     * symlink to a mounted disk), the rest by handle without following symlinks.
     */
    public static SnapshotTree open(Path root, String host, String snapshotDirectory) throws IOException {
        try (DirectoryHandle rootDir = DirectoryHandle.open(root);
             DirectoryHandle hostDir = rootDir.openDirectory(EntryName.literal(host));
             DirectoryHandle snapshotDir = hostDir.openDirectory(EntryName.literal(snapshotDirectory))) {
            DirectoryHandle data = snapshotDir.openDirectory(EntryName.literal(DATA));
            try {
                return new SnapshotTree(data, data.stat().device());
            } catch (IOException | RuntimeException e) {
                data.close();
                throw e;
            }
        }
    }

    /** The {@code data/} directory itself (owned by this tree: do not close it). */
    public DirectoryHandle data() {
        return data;
    }

    /** The file system of {@code data/}. */
    public long device() {
        return device;
    }

    /** Opens the directory at {@code path}; the caller closes it. */
    public DirectoryHandle openDirectory(SnapshotPath path) throws IOException {
        DirectoryHandle current = null;
        try {
            for (EntryName name : path.names()) {
                DirectoryHandle parent = current == null ? data : current;
                DirectoryHandle next = parent.openDirectory(name);
                if (current != null) {
                    current.close();
                }
                current = next;
                if (current.stat().device() != device) {
                    throw new FileSystemException(path.toString(), null,
                            "another file system is mounted there; it is not part of the snapshot");
                }
            }
            return current == null ? data.reopen() : current;
        } catch (IOException | RuntimeException e) {
            if (current != null) {
                current.close();
            }
            throw e;
        }
    }

    /** The stat of what {@code path} names (a symlink itself, never its target); null when nothing is there. */
    public EntryStat stat(SnapshotPath path) throws IOException {
        if (path.isRoot()) {
            return data.stat();
        }
        try (DirectoryHandle parent = openDirectory(path.parent())) {
            return parent.stat(path.fileName());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Opens the regular file at {@code path} for reading. */
    public OpenedFile openFile(SnapshotPath path) throws IOException {
        if (path.isRoot()) {
            throw new FileSystemException("/", null, "is a directory");
        }
        try (DirectoryHandle parent = openDirectory(path.parent())) {
            return parent.openFile(path.fileName());
        }
    }

    @Override
    public void close() {
        data.close();
    }
}
