package org.pobsync.engine.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import org.pobsync.engine.layout.SnapshotName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dry run's destination. rsync writes nothing with {@code --dry-run} but still wants a
 * destination to compare against, so it gets a hidden scratch directory beside the snapshots
 * ({@code .dry-run-<name>}: not a snapshot name, so nothing lists it) that is removed afterwards.
 */
final class DryRunScratch {

    static final String PREFIX = ".dry-run-";
    private static final Logger log = LoggerFactory.getLogger(DryRunScratch.class);

    private DryRunScratch() {
    }

    static Path dirFor(Path hostDir, SnapshotName name) {
        return hostDir.resolve(PREFIX + name.value());
    }

    /** Scratch directories of dry runs that died; with the host lock held, none is in use. */
    static void removeStale(Path hostDir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(hostDir, PREFIX + "*")) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    remove(entry);
                }
            }
        }
    }

    /** Removes the directory (empty unless rsync misbehaved) without following symbolic links. */
    static void remove(Path dir) {
        if (dir == null || !Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            log.warn("cannot remove the dry run directory {}: {}", dir, e.toString());
        }
    }
}
