package org.pobsync.engine.layout;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * File errors in words: Java's own messages are often just the path
 * ({@code AccessDeniedException: /backups/web1}), which tells an operator nothing.
 */
public final class FileErrors {

    private FileErrors() {
    }

    public static String describe(Exception e) {
        Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof FileSystemException) {
            FileSystemException f = (FileSystemException) t;
            String path = f.getFile() == null ? "" : f.getFile() + ": ";
            if (t instanceof AccessDeniedException) {
                return path + "permission denied";
            }
            if (t instanceof NoSuchFileException) {
                return path + "no such file or directory";
            }
            if (t instanceof FileAlreadyExistsException) {
                return path + "already exists";
            }
            if (f.getReason() != null) {
                return path + f.getReason();
            }
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }
}
