package org.pobsync.engine.tree;

import com.sun.jna.LastErrorException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** A failed system call as the exception the JDK's own file API would throw, worded for an operator. */
final class Errno {

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EACCES = 13;
    static final int EXDEV = 18;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int ENFILE = 23;
    static final int EMFILE = 24;
    static final int ENAMETOOLONG = 36;
    static final int ENOTEMPTY = 39;
    static final int ELOOP = 40;

    private Errno() {
    }

    static FileSystemException toException(LastErrorException e, String path) {
        int code = e.getErrorCode();
        return switch (code) {
            case ENOENT -> new NoSuchFileException(path);
            case EACCES, EPERM -> new AccessDeniedException(path, null, "permission denied");
            case ENOTDIR -> new NotDirectoryException(path);
            case ENOTEMPTY -> new DirectoryNotEmptyException(path);
            default -> new FileSystemException(path, null, reason(code));
        };
    }

    static String reason(int code) {
        return switch (code) {
            case ELOOP -> "is a symbolic link (never followed)";
            case EISDIR -> "is a directory";
            case EMFILE, ENFILE -> "too many open files (raise the process's open-file limit)";
            case ENAMETOOLONG -> "name too long";
            case EXDEV -> "on another filesystem";
            default -> "error " + code + " (errno)";
        };
    }
}
