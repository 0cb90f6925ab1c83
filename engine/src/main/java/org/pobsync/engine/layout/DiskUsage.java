package org.pobsync.engine.layout;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Size and free space of the file system that holds {@code path}. For a path that does not
 * exist (yet) it reports the file system of its nearest existing ancestor, with
 * {@code exists = false}: "the backup root is missing" and "how full is the disk it would be
 * on" are both worth showing.
 */
public record DiskUsage(Path path, boolean exists, long totalBytes, long freeBytes) {

    public long usedBytes() {
        return totalBytes - freeBytes;
    }

    public static DiskUsage of(Path path) {
        Path p = path;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return new DiskUsage(path, false, 0, 0);
        }
        // File's space queries are one statfs(2) each; Files.getFileStore would first read the
        // whole mount table to name the store, on every dashboard request.
        java.io.File dir = p.toFile();
        return new DiskUsage(path, Files.isDirectory(path), dir.getTotalSpace(), dir.getUsableSpace());
    }
}
