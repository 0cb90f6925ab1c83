package org.pobsync.engine.tree;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An open directory, and everything done relative to it: the one way pobsync reads, walks and
 * deletes inside a snapshot. Every name is looked up in this directory only, with
 * {@code O_NOFOLLOW} or {@code AT_SYMLINK_NOFOLLOW}, so no symlink anywhere in a snapshot (or
 * swapped in while a walk runs) can lead outside it, and no absolute path is ever built, so
 * depth is no limit: a tree deeper than PATH_MAX is read and removed like any other.
 *
 * <p>Not thread-safe: one walk, one thread. Close what you open (each handle is a descriptor).
 */
public final class DirectoryHandle implements AutoCloseable {

    private static final int DIRECTORY = LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC;
    private static final int FILE = LibC.O_RDONLY | LibC.O_NOFOLLOW | LibC.O_CLOEXEC | LibC.O_NOCTTY
            | LibC.O_NONBLOCK;
    private static final byte[] EMPTY = {0};
    private static final byte[] DOT = {'.', 0};
    private static final int SHOWN_MAX = 400;

    /** Per-thread native scratch memory: statx results and getdents64 batches are copied out at once. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final ByteBuffer statx = ByteBuffer.allocateDirect(LibC.STATX_SIZE).order(ByteOrder.nativeOrder());
        final ByteBuffer dents = ByteBuffer.allocateDirect(32 * 1024).order(ByteOrder.nativeOrder());
        final byte[] link = new byte[4097];
    }

    private final int fd;
    private final DirectoryHandle parent;
    private final EntryName name;
    private final String top;
    private boolean closed;

    private DirectoryHandle(int fd, DirectoryHandle parent, EntryName name, String top) {
        this.fd = fd;
        this.parent = parent;
        this.name = name;
        this.top = top;
    }

    /**
     * Opens a directory by its absolute path. The path is resolved the ordinary way (a backup
     * root may well be a symlink to a mounted disk); everything below it is opened by handle.
     */
    public static DirectoryHandle open(Path dir) throws IOException {
        String shown = dir.toString();
        byte[] path = cString(shown.getBytes(pathCharset()));
        try {
            return new DirectoryHandle(LibC.open(path, LibC.O_RDONLY | LibC.O_DIRECTORY | LibC.O_CLOEXEC, 0),
                    null, null, shown);
        } catch (LastErrorException e) {
            throw Errno.toException(e, shown);
        }
    }

    /** Opens the directory {@code child} of this one; refuses a symlink (never followed). */
    public DirectoryHandle openDirectory(EntryName child) throws IOException {
        try {
            return new DirectoryHandle(LibC.openat(fd, child.cString(), DIRECTORY, 0), this, child, null);
        } catch (LastErrorException e) {
            throw notADirectoryWhenLink(e, child);
        }
    }

    /** O_NOFOLLOW says ELOOP for a symlink, or ENOTDIR together with O_DIRECTORY: say which it was. */
    private FileSystemException notADirectoryWhenLink(LastErrorException e, EntryName child) {
        int code = e.getErrorCode();
        if (code == Errno.ELOOP || code == Errno.ENOTDIR && isSymlink(child)) {
            return new FileSystemException(describe(child), null, "is a symbolic link (never followed)");
        }
        return Errno.toException(e, describe(child));
    }

    private boolean isSymlink(EntryName child) {
        try {
            EntryStat stat = stat(child);
            return stat != null && stat.type() == EntryType.SYMLINK;
        } catch (IOException e) {
            return false;
        }
    }

    /** This directory opened a second time, to be closed independently of this handle. */
    public DirectoryHandle reopen() throws IOException {
        try {
            return new DirectoryHandle(LibC.openat(fd, DOT, DIRECTORY, 0), parent, name, top);
        } catch (LastErrorException e) {
            throw Errno.toException(e, describe());
        }
    }

    /** lstat of {@code child}; null when it does not exist. */
    public EntryStat stat(EntryName child) throws IOException {
        try {
            return statx(child, LibC.AT_SYMLINK_NOFOLLOW | LibC.AT_NO_AUTOMOUNT);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The stat of this directory itself. */
    public EntryStat stat() throws IOException {
        return statx(null, LibC.AT_EMPTY_PATH | LibC.AT_NO_AUTOMOUNT);
    }

    /** statx of {@code child}, or of this directory itself when it is null. */
    private EntryStat statx(EntryName child, int flags) throws IOException {
        ByteBuffer buffer = SCRATCH.get().statx;
        try {
            LibC.statx(fd, child == null ? EMPTY : child.cString(), flags, LibC.STATX_BASIC_STATS, buffer);
        } catch (LastErrorException e) {
            throw Errno.toException(e, child == null ? describe() : describe(child));
        }
        return EntryStat.of(buffer);
    }

    /** The target of the symlink {@code child}, as bytes (never resolved). */
    public byte[] readLink(EntryName child) throws IOException {
        byte[] buffer = SCRATCH.get().link;
        long n;
        try {
            n = LibC.readlinkat(fd, child.cString(), buffer, buffer.length);
        } catch (LastErrorException e) {
            throw Errno.toException(e, describe(child));
        }
        byte[] target = new byte[(int) Math.min(n, buffer.length)];
        System.arraycopy(buffer, 0, target, 0, target.length);
        return target;
    }

    /**
     * Opens the regular file {@code child} for reading. The name is opened with
     * {@code O_NOFOLLOW} (a symlink fails) and {@code O_NONBLOCK} (a FIFO cannot block us), the
     * opened descriptor is checked to be a regular file, and the channel is opened through
     * {@code /proc/self/fd}, which reaches exactly that file, however deep.
     */
    public OpenedFile openFile(EntryName child) throws IOException {
        int file;
        try {
            file = LibC.openat(fd, child.cString(), FILE, 0);
        } catch (LastErrorException e) {
            throw notADirectoryWhenLink(e, child);
        }
        try {
            EntryStat stat;
            ByteBuffer buffer = SCRATCH.get().statx;
            try {
                LibC.statx(file, EMPTY, LibC.AT_EMPTY_PATH, LibC.STATX_BASIC_STATS, buffer);
            } catch (LastErrorException e) {
                throw Errno.toException(e, describe(child));
            }
            stat = EntryStat.of(buffer);
            if (!stat.isRegularFile()) {
                throw new FileSystemException(describe(child), null, "is not a regular file");
            }
            return new OpenedFile(stat, FileChannel.open(Path.of("/proc/self/fd/" + file)));
        } finally {
            closeQuietly(file);
        }
    }

    /** Reads the entries of this directory ("." and ".." left out), a batch at a time. */
    public EntryReader entries() {
        return new EntryReader(this);
    }

    /** All entries, in the file system's order. */
    public List<DirectoryEntry> list() throws IOException {
        List<DirectoryEntry> all = new ArrayList<>();
        EntryReader reader = entries();
        for (DirectoryEntry e = reader.next(); e != null; e = reader.next()) {
            all.add(e);
        }
        return all;
    }

    /** One getdents64 call into a copy of the batch; an empty array at the end of the directory. */
    byte[] readBatch() throws IOException {
        ByteBuffer buffer = SCRATCH.get().dents;
        long n;
        try {
            n = LibC.getdents64(fd, buffer, buffer.capacity());
        } catch (LastErrorException e) {
            throw Errno.toException(e, describe());
        }
        byte[] batch = new byte[(int) n];
        buffer.get(0, batch);
        return batch;
    }

    /** unlink: a file, symlink, device, FIFO or socket. */
    public void unlink(EntryName child) throws IOException {
        try {
            LibC.unlinkat(fd, child.cString(), 0);
        } catch (LastErrorException e) {
            throw Errno.toException(e, describe(child));
        }
    }

    /** rmdir of the empty directory {@code child}. */
    public void removeDirectory(EntryName child) throws IOException {
        try {
            LibC.unlinkat(fd, child.cString(), LibC.AT_REMOVEDIR);
        } catch (LastErrorException e) {
            throw Errno.toException(e, describe(child));
        }
    }

    /** chmod of this directory, through its own descriptor. */
    public void chmod(int permissions) throws IOException {
        try {
            LibC.fchmod(fd, permissions);
        } catch (LastErrorException e) {
            throw Errno.toException(e, describe());
        }
    }

    /**
     * chmod of the directory {@code child}, which we may not be allowed to open for reading: it
     * is opened with {@code O_PATH | O_NOFOLLOW} (no permission needed, never a symlink) and
     * changed through {@code /proc/self/fd}, the way glibc's own {@code fchmodat} does it.
     */
    public void chmodDirectory(EntryName child, int permissions) throws IOException {
        int handle;
        try {
            handle = LibC.openat(fd, child.cString(), LibC.O_PATH | LibC.O_DIRECTORY | LibC.O_NOFOLLOW
                    | LibC.O_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw notADirectoryWhenLink(e, child);
        }
        try {
            LibC.chmod(cString(("/proc/self/fd/" + handle).getBytes(StandardCharsets.US_ASCII)), permissions);
        } catch (LastErrorException e) {
            throw Errno.toException(e, describe(child));
        } finally {
            closeQuietly(handle);
        }
    }

    /** The path of this directory for messages (never used to reach anything). */
    public String describe() {
        String shown = parent == null ? top : parent.describe() + "/" + name.escaped();
        return shorten(shown);
    }

    /** The path of {@code child} of this directory for messages. */
    public String describe(EntryName child) {
        return shorten(describe() + "/" + child.escaped());
    }

    private static String shorten(String shown) {
        return shown.length() <= SHOWN_MAX ? shown
                : shown.substring(0, SHOWN_MAX / 2) + "/…/" + shown.substring(shown.length() - SHOWN_MAX / 2);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            closeQuietly(fd);
        }
    }

    private static void closeQuietly(int descriptor) {
        try {
            LibC.close(descriptor);
        } catch (LastErrorException ignored) {
            // close(2) releases the descriptor even when it reports an error
        }
    }

    private static byte[] cString(byte[] bytes) {
        byte[] z = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, z, 0, bytes.length);
        return z;
    }

    private static Charset pathCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
