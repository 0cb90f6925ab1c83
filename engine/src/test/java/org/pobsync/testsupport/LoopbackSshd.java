package org.pobsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.pobsync.engine.ssh.HostKey;

/**
 * A private OpenSSH server on 127.0.0.1 and a free port, with host and client keys generated for
 * this test run. It runs as a child of the test JVM (PID 1 here does not reap orphans) and logs
 * in as the user running the tests, by key only.
 *
 * <p>{@link #shared()} is one instance per JVM for the many tests that only read from it;
 * tests that change it (rotate the host key, revoke the client key) {@link #start} their own.
 */
public final class LoopbackSshd implements AutoCloseable {

    private static LoopbackSshd shared;

    private final Path dir;
    private final int port;
    private Process process;

    private LoopbackSshd(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static synchronized LoopbackSshd shared() {
        if (shared == null) {
            shared = start();
            LoopbackSshd s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::close, "loopback-sshd-stop"));
        }
        return shared;
    }

    public static LoopbackSshd start() {
        Path sshd = TestEnvironment.requireBinary("/usr/sbin/sshd");
        TestEnvironment.requireBinary("ssh-keygen");
        try {
            Files.createDirectories(Path.of("/run/sshd"));
            Path dir = Files.createTempDirectory("pobsync-sshd-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            LoopbackSshd s = new LoopbackSshd(dir, freePort());
            Commands.ok("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "pobsync-test-host", "-f",
                    dir.resolve("host_ed25519").toString());
            Commands.ok("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "pobsync-test-client", "-f",
                    dir.resolve("client_ed25519").toString());
            Files.copy(dir.resolve("client_ed25519.pub"), dir.resolve("authorized_keys"));
            Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                    "Port " + s.port,
                    "ListenAddress 127.0.0.1",
                    "HostKey " + dir.resolve("host_ed25519"),
                    "PidFile " + dir.resolve("sshd.pid"),
                    "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PermitRootLogin prohibit-password",
                    "UsePAM no",
                    "StrictModes no",
                    "MaxStartups 100:30:200",
                    "MaxSessions 50",
                    "LogLevel ERROR",
                    ""));
            s.launch(sshd);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch(Path sshd) throws IOException {
        process = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("sshd did not start listening on port " + port);
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1";
    }

    public String user() {
        return System.getProperty("user.name");
    }

    /** The private key the backup server uses to log in (authorized by this sshd). */
    public Path clientKey() {
        return dir.resolve("client_ed25519");
    }

    public Path directory() {
        return dir;
    }

    /** The host's public key as a known_hosts line for {@code [127.0.0.1]:port}. */
    public String knownHostsLine() {
        try {
            String[] pub = Files.readString(dir.resolve("host_ed25519.pub")).trim().split("\\s+");
            return "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The SHA256 fingerprint of the host key this server offers now. */
    public String hostKeyFingerprint() {
        String[] fields = knownHostsLine().split(" ");
        return HostKey.parse(fields[1] + " " + fields[2]).fingerprint();
    }

    /** Writes a known_hosts file that pins this server's current host key. */
    public Path writeKnownHosts(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, knownHostsLine() + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the host key and restarts sshd on the same port: pinned keys now mismatch. */
    public void rotateHostKey() {
        try {
            stopProcess();
            Files.delete(dir.resolve("host_ed25519"));
            Files.delete(dir.resolve("host_ed25519.pub"));
            Commands.ok("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "pobsync-test-host-rotated",
                    "-f", dir.resolve("host_ed25519").toString());
            launch(Path.of("/usr/sbin/sshd"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sets the authorized keys (empty list: every key is refused). */
    public void authorizeOnly(List<Path> publicKeys) {
        try {
            StringBuilder sb = new StringBuilder();
            for (Path key : publicKeys) {
                sb.append(Files.readString(key, StandardCharsets.UTF_8).trim()).append('\n');
            }
            Files.writeString(dir.resolve("authorized_keys"), sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes every login run its command as {@code nobody} (a forced command through setpriv), so
     * the remote rsync cannot read what only root may: the test JVM, and so this sshd, run as root.
     * Without root the login user is unprivileged already and nothing changes.
     */
    public void runCommandsAsNobody() {
        if (!TestEnvironment.isRoot()) {
            return;
        }
        Path setpriv = TestEnvironment.requireBinary("setpriv");
        try {
            String key = Files.readString(Path.of(clientKey() + ".pub"), StandardCharsets.UTF_8).trim();
            Files.writeString(dir.resolve("authorized_keys"), "command=\"exec " + setpriv
                    + " --reuid=nobody --regid=nogroup --clear-groups /bin/sh -c \\\"$SSH_ORIGINAL_COMMAND\\\"\" "
                    + key + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The per-connection sshd processes serving open sessions (each runs the session's command). */
    public List<ProcessHandle> sessions() {
        return process == null ? List.of() : process.children().toList();
    }

    /** Sends {@code signal} (STOP, CONT, TERM, ...) to the processes, with kill(1): Java cannot send SIGSTOP. */
    public static void signal(String signal, List<ProcessHandle> processes) {
        if (processes.isEmpty()) {
            return;
        }
        List<String> argv = new java.util.ArrayList<>(List.of("kill", "-" + signal));
        processes.forEach(p -> argv.add(Long.toString(p.pid())));
        Commands.run(null, argv);
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops sshd and removes its directory (keys included). */
    @Override
    public synchronized void close() {
        stopProcess();
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // Best effort: a leftover temporary directory is harmless.
        }
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        // A test may have frozen a session: a stopped process ignores TERM until it is continued.
        List<ProcessHandle> sessions = process.descendants().toList();
        signal("CONT", sessions);
        sessions.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /**
     * A port nothing listens on now, for a server that binds it a moment (or, for MariaDB, several
     * seconds) later. Taken below the kernel's ephemeral range: a port from that range can go to
     * any outgoing connection on the machine in the meantime, and the server then fails to start.
     */
    public static int freePort() {
        int low = ephemeralLow();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(10_000, low);
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // someone listens there: try another
            }
        }
        throw new IllegalStateException("no free port found below " + low);
    }

    private static int ephemeralLow() {
        try {
            int low = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim().split("\\s+")[0]);
            return low > 12_000 ? low : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
