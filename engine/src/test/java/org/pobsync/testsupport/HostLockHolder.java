package org.pobsync.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.pobsync.engine.layout.HostLock;

/**
 * A second JVM that holds a host's lock, for tests of locking across processes. Its main takes
 * the lock, prints {@code locked}, and holds it until stdin closes (or 60 s pass).
 */
public final class HostLockHolder implements AutoCloseable {

    public static final String READY = "locked";

    private final Process process;

    private HostLockHolder(Process process) {
        this.process = process;
    }

    /** Starts the holder JVM and waits until it holds the lock. */
    public static HostLockHolder start(Path lockFile, String host) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> argv = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                HostLockHolder.class.getName(), lockFile.toString(), host));
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!READY.equals(line)) {
            process.destroyForcibly();
            throw new IllegalStateException("lock holder did not take the lock: " + line);
        }
        return new HostLockHolder(process);
    }

    public long pid() {
        return process.pid();
    }

    /** Ends the holder (closing its stdin) and waits for it; its lock goes with it. */
    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) throws Exception {
        try (HostLock lock = HostLock.acquire(Path.of(args[0]), args[1])) {
            System.out.println(READY);
            System.out.flush();
            Thread reader = new Thread(() -> {
                try {
                    while (System.in.read() >= 0) {
                        // Hold until the test closes our stdin.
                    }
                } catch (IOException ignored) {
                    // The test went away: let go too.
                }
            });
            reader.setDaemon(true);
            reader.start();
            reader.join(Duration.ofSeconds(60).toMillis());
        }
    }
}
