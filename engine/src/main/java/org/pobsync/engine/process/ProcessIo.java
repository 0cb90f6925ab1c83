package org.pobsync.engine.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How much a process tree has read, from Linux's per-process I/O accounting ({@code rchar} in
 * {@code /proc/<pid>/io}): every byte a process got from {@code read()} and its relatives, from
 * a pipe, a socket or a file alike. For rsync that is the data arriving from the remote side and
 * the local files it reads to compare against, which is what "the transfer is moving" means.
 */
public final class ProcessIo {

    private static final Path PROC = Path.of("/proc");

    private ProcessIo() {
    }

    /**
     * The bytes read so far by {@code root} and those of its descendants that run the same program
     * (rsync's own forks, not the ssh it starts: ssh keeps reading the keep-alive answers of a
     * host whose rsync is frozen). Empty when the kernel does not tell (no /proc, no accounting,
     * or the counters of another user's process).
     */
    public static OptionalLong bytesRead(ProcessHandle root) {
        Optional<String> program = root.info().command();
        long total = 0;
        boolean known = false;
        for (ProcessHandle p : ProcessTree.collect(root)) {
            if (p != root && !p.info().command().equals(program)) {
                continue;
            }
            OptionalLong read = readChars(p.pid());
            if (read.isPresent()) {
                total += read.getAsLong();
                known = true;
            }
        }
        return known ? OptionalLong.of(total) : OptionalLong.empty();
    }

    private static OptionalLong readChars(long pid) {
        try {
            for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("io"))) {
                if (line.startsWith("rchar:")) {
                    return OptionalLong.of(Long.parseLong(line.substring("rchar:".length()).strip()));
                }
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            // Gone, or not ours to read: this process tells nothing.
        }
        return OptionalLong.empty();
    }
}
