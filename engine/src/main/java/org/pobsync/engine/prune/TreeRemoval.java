package org.pobsync.engine.prune;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Set;

/**
 * The removal of one tree, depth first with our own stack of open directories (no recursion,
 * so depth is no limit). Every call is relative to an open directory descriptor: unlinkat for
 * each entry (one system call per file, like rm), and only when that fails an lstat to learn
 * whether it is a directory to descend into or a denial to mend. Directories only ever get
 * their own permission bits changed; files are never touched, because a file here is usually
 * a hard link shared with other snapshots, and its mode is theirs too.
 */
final class TreeRemoval {

    /** How often one directory may turn out non-empty after being emptied before we give up. */
    private static final int MAX_RESCANS = 3;

    private static final class OpenDirectory {
        final SecureDirectoryStream<Path> stream;
        final Iterator<Path> entries;
        final Path nameInParent;
        final Path path;
        final int rescans;
        boolean madeWritable;

        OpenDirectory(SecureDirectoryStream<Path> stream, Path nameInParent, Path path, int rescans) {
            this.stream = stream;
            this.entries = stream.iterator();
            this.nameInParent = nameInParent;
            this.path = path;
            this.rescans = rescans;
        }
    }

    private final Path top;
    private final long device;
    private long files;
    private long directories;

    TreeRemoval(Path top, long device) {
        this.top = top;
        this.device = device;
    }

    /** Removes {@code name} (a real directory) inside {@code parent} and everything below it. */
    DeletionResult removeTree(SecureDirectoryStream<Path> parent, Path name) throws IOException {
        Deque<OpenDirectory> stack = new ArrayDeque<>();
        try {
            OpenDirectory first = open(parent, name, top, 0);
            if (first == null) {
                return DeletionResult.ALREADY_GONE;
            }
            stack.push(first);
            while (!stack.isEmpty()) {
                OpenDirectory dir = stack.peek();
                Path entry = nextEntry(dir);
                if (entry != null) {
                    OpenDirectory child = removeEntry(dir, entry);
                    if (child != null) {
                        stack.push(child);
                    }
                    continue;
                }
                stack.pop();
                dir.stream.close();
                SecureDirectoryStream<Path> parentStream = stack.isEmpty() ? parent : stack.peek().stream;
                OpenDirectory again = removeEmptied(parentStream, stack.peek(), dir);
                if (again != null) {
                    stack.push(again);
                }
            }
            return new DeletionResult(true, files, directories);
        } finally {
            for (OpenDirectory dir : stack) {
                dir.stream.close();
            }
        }
    }

    private static Path nextEntry(OpenDirectory dir) throws IOException {
        try {
            return dir.entries.hasNext() ? dir.entries.next().getFileName() : null;
        } catch (DirectoryIteratorException e) {
            throw e.getCause();
        }
    }

    /** Unlinks a non-directory; returns the opened directory when the entry is one. */
    private OpenDirectory removeEntry(OpenDirectory dir, Path name) throws IOException {
        try {
            dir.stream.deleteFile(name);
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
            return removeEntry(dir, name);
        } catch (FileSystemException e) {
            // Most likely EISDIR: unlink does not remove directories.
            BasicFileAttributes attrs = lstat(dir.stream, name);
            if (attrs == null) {
                return null;
            }
            if (!attrs.isDirectory()) {
                throw e;
            }
            return open(dir.stream, name, dir.path.resolve(name), 0);
        }
    }

    /**
     * Removes an emptied directory from its parent. When new entries appeared meanwhile (or the
     * listing missed some), returns the directory opened again to empty it once more.
     */
    private OpenDirectory removeEmptied(SecureDirectoryStream<Path> parentStream, OpenDirectory parent,
                                        OpenDirectory dir) throws IOException {
        try {
            deleteDirectory(parentStream, parent, dir.nameInParent);
            directories++;
            return null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (DirectoryNotEmptyException e) {
            if (dir.rescans >= MAX_RESCANS) {
                throw e;
            }
            return open(parentStream, dir.nameInParent, dir.path, dir.rescans + 1);
        }
    }

    private void deleteDirectory(SecureDirectoryStream<Path> parentStream, OpenDirectory parent, Path name)
            throws IOException {
        try {
            parentStream.deleteDirectory(name);
        } catch (AccessDeniedException e) {
            if (parent == null || parent.madeWritable) {
                // parent == null: the host directory. It is not part of the snapshot, so its
                // mode is the operator's choice and stays as it is.
                throw e;
            }
            makeWritable(parent);
            parentStream.deleteDirectory(name);
        }
    }

    /** Opens a directory to empty it; null when it is gone. */
    private OpenDirectory open(SecureDirectoryStream<Path> parentStream, Path name, Path path, int rescans)
            throws IOException {
        SecureDirectoryStream<Path> stream;
        try {
            stream = parentStream.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (AccessDeniedException e) {
            // A directory without read or search permission for us (rsync keeps modes like 0300).
            makeAccessible(parentStream, name, path);
            stream = parentStream.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS);
        }
        try {
            if (SnapshotDeleter.device(path) != device) {
                throw new FileSystemException(path.toString(), null,
                        "another filesystem is mounted here; refusing to delete across it (unmount it first)");
            }
        } catch (IOException | RuntimeException e) {
            stream.close();
            if (e instanceof NoSuchFileException) {
                return null;
            }
            throw e;
        }
        return new OpenDirectory(stream, name, path, rescans);
    }

    /** chmod u+rwx on an open directory, through its own descriptor. */
    private static void makeWritable(OpenDirectory dir) throws IOException {
        PosixFileAttributeView view = dir.stream.getFileAttributeView(PosixFileAttributeView.class);
        view.setPermissions(withOwnerRwx(view.readAttributes().permissions()));
        dir.madeWritable = true;
    }

    /**
     * chmod u+rwx on a directory we cannot open. Java offers no fchmodat, and opening it to
     * fchmod needs the read permission it lacks, so this goes by path, after an lstat through
     * the parent's descriptor confirmed it is a real directory (not a symlink).
     */
    private static void makeAccessible(SecureDirectoryStream<Path> parentStream, Path name, Path path)
            throws IOException {
        BasicFileAttributes attrs = lstat(parentStream, name);
        if (attrs == null || !attrs.isDirectory()) {
            throw new FileSystemException(path.toString(), null, "changed while being deleted");
        }
        Files.setPosixFilePermissions(path, withOwnerRwx(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)));
    }

    private static Set<PosixFilePermission> withOwnerRwx(Set<PosixFilePermission> permissions) {
        Set<PosixFilePermission> mended = java.util.EnumSet.noneOf(PosixFilePermission.class);
        mended.addAll(permissions);
        mended.add(PosixFilePermission.OWNER_READ);
        mended.add(PosixFilePermission.OWNER_WRITE);
        mended.add(PosixFilePermission.OWNER_EXECUTE);
        return mended;
    }

    /** lstat through the parent's descriptor; null when the entry does not exist. */
    static BasicFileAttributes lstat(SecureDirectoryStream<Path> parent, Path name) throws IOException {
        try {
            return parent.getFileAttributeView(name, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .readAttributes();
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
