package org.pobsync.engine.prune;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.pobsync.engine.tree.DirectoryEntry;
import org.pobsync.engine.tree.DirectoryHandle;
import org.pobsync.engine.tree.EntryName;
import org.pobsync.engine.tree.EntryReader;
import org.pobsync.engine.tree.EntryStat;
import org.pobsync.engine.tree.EntryType;

/**
 * The removal of one tree, depth first with our own stack of open directories (no recursion,
 * and no absolute path ever built, so depth is no limit: a snapshot holding a path longer than
 * PATH_MAX goes like any other). Every call is relative to an open directory handle: unlinkat
 * for each entry the directory lists as a non-directory (one system call per file, like rm),
 * opening it when it is listed as a directory, and an lstat only when the directory does not
 * say or a call fails. Directories only ever get their own permission bits changed; files are
 * never touched, because a file here is usually a hard link shared with other snapshots, and
 * its mode is theirs too.
 */
final class TreeRemoval {

    /** How often one directory may turn out non-empty after being emptied before we give up. */
    private static final int MAX_RESCANS = 3;

    private static final class OpenDirectory {
        final DirectoryHandle handle;
        final EntryReader entries;
        final EntryName nameInParent;
        final int rescans;
        boolean madeWritable;

        OpenDirectory(DirectoryHandle handle, EntryName nameInParent, int rescans) {
            this.handle = handle;
            this.entries = handle.entries();
            this.nameInParent = nameInParent;
            this.rescans = rescans;
        }
    }

    private long device = -1;
    private long files;
    private long directories;

    /** Removes {@code name} (a real directory) inside {@code parent} and everything below it. */
    DeletionResult removeTree(DirectoryHandle parent, EntryName name) throws IOException {
        Deque<OpenDirectory> stack = new ArrayDeque<>();
        try {
            OpenDirectory first = open(parent, name, 0);
            if (first == null) {
                return DeletionResult.ALREADY_GONE;
            }
            stack.push(first);
            while (!stack.isEmpty()) {
                OpenDirectory dir = stack.peek();
                DirectoryEntry entry = dir.entries.next();
                if (entry != null) {
                    OpenDirectory child = removeEntry(dir, entry.name(), entry.type());
                    if (child != null) {
                        stack.push(child);
                    }
                    continue;
                }
                stack.pop();
                dir.handle.close();
                OpenDirectory above = stack.peek();
                OpenDirectory again = removeEmptied(above == null ? parent : above.handle, above, dir);
                if (again != null) {
                    stack.push(again);
                }
            }
            return new DeletionResult(true, files, directories);
        } finally {
            for (OpenDirectory dir : stack) {
                dir.handle.close();
            }
        }
    }

    /** Unlinks a non-directory; returns the opened directory when the entry is one. */
    private OpenDirectory removeEntry(OpenDirectory dir, EntryName name, EntryType listedAs) throws IOException {
        if (listedAs == EntryType.DIRECTORY) {
            return open(dir.handle, name, 0);
        }
        try {
            dir.handle.unlink(name);
            files++;
            return null;
        } catch (NoSuchFileException e) {
            return null; // gone already: a concurrent or an earlier, interrupted prune
        } catch (AccessDeniedException e) {
            if (dir.madeWritable) {
                throw e;
            }
            // A read-only directory (rsync keeps modes like 0555): mend it, then try again.
            makeWritable(dir);
            return removeEntry(dir, name, listedAs);
        } catch (FileSystemException e) {
            // EISDIR: the file system did not say it was a directory (d_type unknown).
            EntryStat stat = dir.handle.stat(name);
            if (stat == null) {
                return null;
            }
            if (!stat.isDirectory()) {
                throw e;
            }
            return open(dir.handle, name, 0);
        }
    }

    /**
     * Removes an emptied directory from its parent. When new entries appeared meanwhile (or the
     * listing missed some), returns the directory opened again to empty it once more.
     */
    private OpenDirectory removeEmptied(DirectoryHandle parentHandle, OpenDirectory parent, OpenDirectory dir)
            throws IOException {
        try {
            removeDirectory(parentHandle, parent, dir.nameInParent);
            directories++;
            return null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (DirectoryNotEmptyException e) {
            if (dir.rescans >= MAX_RESCANS) {
                throw e;
            }
            return open(parentHandle, dir.nameInParent, dir.rescans + 1);
        }
    }

    private void removeDirectory(DirectoryHandle parentHandle, OpenDirectory parent, EntryName name)
            throws IOException {
        try {
            parentHandle.removeDirectory(name);
        } catch (AccessDeniedException e) {
            if (parent == null || parent.madeWritable) {
                // parent == null: the host directory. It is not part of the snapshot, so its
                // mode is the operator's choice and stays as it is.
                throw e;
            }
            makeWritable(parent);
            parentHandle.removeDirectory(name);
        }
    }

    /** Opens a directory to empty it; null when it is gone. */
    private OpenDirectory open(DirectoryHandle parent, EntryName name, int rescans) throws IOException {
        DirectoryHandle handle;
        try {
            handle = parent.openDirectory(name);
        } catch (NoSuchFileException e) {
            return null;
        } catch (AccessDeniedException e) {
            // A directory without read or search permission for us (rsync keeps modes like 0300).
            EntryStat stat = parent.stat(name);
            if (stat == null || !stat.isDirectory()) {
                throw new FileSystemException(parent.describe(name), null, "changed while being deleted");
            }
            parent.chmodDirectory(name, stat.permissions() | 0700);
            handle = parent.openDirectory(name);
        }
        try {
            long here = handle.stat().device();
            if (device == -1) {
                device = here;
            } else if (here != device) {
                throw new FileSystemException(parent.describe(name), null,
                        "another filesystem is mounted here; refusing to delete across it (unmount it first)");
            }
        } catch (IOException | RuntimeException e) {
            handle.close();
            throw e;
        }
        return new OpenDirectory(handle, name, rescans);
    }

    /** chmod u+rwx on an open directory, through its own descriptor. */
    private static void makeWritable(OpenDirectory dir) throws IOException {
        dir.handle.chmod(dir.handle.stat().permissions() | 0700);
        dir.madeWritable = true;
    }
}
