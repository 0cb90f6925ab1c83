package org.pobsync.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Replaces a small file so that a crash or a concurrent reader never sees half of it: the bytes go
 * to a temporary file in the same directory, which is flushed to disk, renamed over the target,
 * and then the directory is flushed so the rename itself survives a power loss. This is the one
 * way pobsync rewrites its own files (known_hosts, the server key pair, snapshot.json, exported
 * configuration); see the package documentation for why each step is there.
 */
public final class AtomicFile {

    private AtomicFile() {
    }

    /** {@link #write(Path, byte[], Set)} of the text as UTF-8. */
    public static void write(Path target, String text, Set<PosixFilePermission> mode) throws IOException {
        write(target, text.getBytes(StandardCharsets.UTF_8), mode);
    }

    /**
     * Replaces {@code target} with {@code content}, with exactly the permissions {@code mode}
     * (not filtered by the umask). A symbolic link at {@code target} is replaced, never written
     * through. On failure the target is unchanged and no temporary file is left behind.
     */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        Path file = target.toAbsolutePath().normalize();
        Path dir = file.getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(mode));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                // Data before the rename: otherwise a crash can leave the new name on empty blocks.
                channel.force(true);
            }
            // createTempFile's mode went through the umask; the caller's mode is the contract.
            Files.setPosixFilePermissions(temp, mode);
            // Same directory, so this is rename(2): atomic, never a copy.
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
    }

    /**
     * Creates {@code target} with {@code content} and exactly the permissions {@code mode} unless
     * it exists, and says whether it did. The file appears complete or not at all (written and
     * synced under a temporary name, then hard-linked into place), and an existing file is never
     * replaced: of two processes creating it at once, the first one's content stays.
     */
    public static boolean createIfAbsent(Path target, String text, Set<PosixFilePermission> mode) throws IOException {
        Path file = target.toAbsolutePath().normalize();
        Path dir = file.getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(mode));
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.setPosixFilePermissions(temp, mode);
            Files.createLink(file, temp);
        } catch (FileAlreadyExistsException exists) {
            return false;
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
        return true;
    }

    /**
     * Flushes a directory's entries to disk, so a rename or a new name in it survives a crash.
     * File systems that cannot sync a directory (some network file systems) are skipped silently:
     * there is nothing more to do on them.
     */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (UnsupportedOperationException e) {
            // Nothing to flush through.
        }
    }
}
