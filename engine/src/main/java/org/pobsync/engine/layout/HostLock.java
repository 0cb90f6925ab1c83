package org.pobsync.engine.layout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pobsync.engine.HostBusyException;

/**
 * The per-host lock: an OS file lock on {@code <root>/<host>/.lock}, held for a whole backup or
 * prune. It works across processes (web, worker, CLI) and, through a registry of held locks,
 * between threads of one JVM. Acquiring never waits: a busy host fails fast with
 * {@link HostBusyException}. The lock goes away with the process, so a crashed worker never
 * leaves a host locked.
 *
 * <p>The registry matters beyond convenience: on Linux, closing <em>any</em> channel of a file
 * drops all of this process's locks on it. Opening and closing a second channel on the lock file
 * while a lock is held (which is what a plain second {@code tryLock} attempt would do) would
 * silently release the first lock. So a second attempt in this JVM is refused before any channel
 * is opened, and every user of the lock file — backup and prune alike — must go through this
 * class.
 */
public final class HostLock implements AutoCloseable {

    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private HostLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of a host, creating the lock file when needed (its directory must exist).
     *
     * @throws HostBusyException when another process or thread holds it
     */
    public static HostLock acquire(Path lockFile, String host) throws IOException {
        Path key = lockFile.toAbsolutePath().normalize();
        if (!HELD.add(key)) {
            throw new HostBusyException(host);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // Held through another channel in this JVM that bypassed the registry.
                lock = null;
            }
            if (lock == null) {
                throw new HostBusyException(host);
            }
            HostLock held = new HostLock(key, channel, lock);
            held.describeOwner(host);
            return held;
        } catch (IOException | RuntimeException e) {
            // Only reached without a lock of ours on the file, so closing the channel is safe:
            // no other channel of this JVM can hold one (the registry entry was ours).
            if (channel != null) {
                channel.close();
            }
            HELD.remove(key);
            throw e;
        }
    }

    /** For an operator looking at a busy host: who holds the lock. Informational only. */
    private void describeOwner(String host) throws IOException {
        String owner = "pid " + ProcessHandle.current().pid() + " host " + host + " since " + Instant.now() + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() throws IOException {
        if (released) {
            return;
        }
        released = true;
        try {
            lock.release();
        } finally {
            try {
                channel.close();
            } finally {
                HELD.remove(file);
            }
        }
    }
}
