package org.pobsync.engine.tree;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * The few C library calls a walk by directory handle needs and the JDK does not offer: the
 * JDK's {@code SecureDirectoryStream} opens and unlinks relative to a descriptor, but cannot
 * read a symlink, a full {@code st_mode}, the owner's number or the link count relative to one,
 * and turns names into lossy strings. Direct-mapped with JNA (one native call each, no proxy).
 *
 * <p>Only calls whose structures have the same layout on every 64-bit Linux are used
 * ({@code statx}, {@code getdents64}); the {@code O_*} flags differ between architectures and
 * are chosen here. Needs glibc 2.30 or newer (Debian 11, Ubuntu 20.04).
 */
final class LibC {

    static final int O_RDONLY = 0;
    static final int O_NOCTTY = 0400;
    static final int O_NONBLOCK = 04000;
    static final int O_CLOEXEC = 02000000;
    static final int O_PATH = 010000000;
    static final int O_DIRECTORY;
    static final int O_NOFOLLOW;

    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_NO_AUTOMOUNT = 0x800;
    static final int AT_EMPTY_PATH = 0x1000;

    /** STATX_BASIC_STATS: type, mode, nlink, uid, gid, times, ino, size, blocks. */
    static final int STATX_BASIC_STATS = 0x7ff;
    static final int STATX_SIZE = 256;

    static {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!System.getProperty("os.name", "").equals("Linux")) {
            throw new UnsupportedOperationException("walking snapshot trees by directory handle needs Linux");
        }
        switch (arch) {
            case "amd64", "x86_64", "riscv64", "s390x", "loongarch64" -> {
                O_DIRECTORY = 0200000;
                O_NOFOLLOW = 0400000;
            }
            case "aarch64", "arm64", "ppc64le", "ppc64" -> {
                O_DIRECTORY = 040000;
                O_NOFOLLOW = 0100000;
            }
            default -> throw new UnsupportedOperationException("walking snapshot trees by directory handle"
                    + " is not supported on the " + arch + " architecture");
        }
        if (Native.LONG_SIZE != 8) {
            throw new UnsupportedOperationException("walking snapshot trees by directory handle needs a 64-bit JVM");
        }
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {
    }

    static native int open(byte[] path, int flags, int mode) throws LastErrorException;

    static native int openat(int dirfd, byte[] path, int flags, int mode) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int statx(int dirfd, byte[] path, int flags, int mask, ByteBuffer statxbuf)
            throws LastErrorException;

    static native long getdents64(int fd, ByteBuffer buffer, long length) throws LastErrorException;

    static native long readlinkat(int dirfd, byte[] path, byte[] buffer, long size) throws LastErrorException;

    static native int unlinkat(int dirfd, byte[] path, int flags) throws LastErrorException;

    static native int fchmod(int fd, int mode) throws LastErrorException;

    static native int chmod(byte[] path, int mode) throws LastErrorException;
}
