package org.pobsync.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.Await;
import org.pobsync.testsupport.Cli;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestTree;

/**
 * {@code bin/pobsync serve} and the commands an operator runs next to it, started from a shell
 * with umask 022 as a login shell has: every file and directory they leave in the data dir (the
 * database and its -wal/-shm, the secret, the keys, a host's known_hosts, a run log, an export)
 * is closed to other users. The launcher runs a small jar whose manifest names the test class
 * path, because the real jar is built only after the tests.
 */
class PrivateFilesProcessTest {

    @TempDir
    Path dir;

    @Test
    void nothingPobsyncCreatesInTheDataDirIsReadableByOthersUnderUmask022() throws Exception {
        LoopbackSshd sshd = LoopbackSshd.shared();
        Path data = dir.resolve("var");
        int port = LoopbackSshd.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("POBSYNC_DATA_DIR", data.toString());
        env.put("POBSYNC_BACKUP_ROOT", dir.resolve("backups").toString());
        env.put("POBSYNC_BIND", "127.0.0.1:" + port);
        Files.createDirectories(dir.resolve("backups"));
        TestTree.tree().file("etc/hosts", "127.0.0.1 localhost\n").create(dir.resolve("src"));

        assertThat(pobsync(env, "manage", "ssh-key", "--generate")).contains("ssh-ed25519");
        Cli cli = new Cli(env);
        ok(cli.run("manage", "configure-host", "box", "--transport", "local", "--path", dir.resolve("src/etc").toString()));
        ok(cli.run("manage", "configure-host", "web", "--address", sshd.address(), "--port", String.valueOf(sshd.port()),
                "--path", "/etc"));
        assertThat(pobsync(env, "manage", "host-key", "web", "--scan", "--yes")).contains("pinned");
        assertThat(pobsync(env, "manage", "export-configs", "--prefix", data.resolve("export").toString()))
                .contains("global.yaml");

        Process serve = start(env, dir.resolve("serve.log"), "serve", "--worker-interval", "1");
        try {
            Await.until(Duration.ofSeconds(120), () -> read(dir.resolve("serve.log"))
                    .contains("serving http://127.0.0.1:" + port), "serve to listen");
            HttpResponse<String> login = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/login")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            ok(cli.run("manage", "run-backup", "box", "--queue"));
            Await.until(Duration.ofSeconds(60), () -> cli.run("runs", "--host", "box", "--status", "succeeded")
                    .out().contains("box"), "the queued backup to succeed in serve's worker");

            assertThat(data.resolve("pobsync.sqlite3-wal")).exists();
            assertThat(data.resolve("pobsync.sqlite3-shm")).exists();
            assertThat(data.resolve("secret.key")).exists();
            assertThat(data.resolve("ssh/id_ed25519.pub")).exists();
            assertThat(data.resolve("ssh/known_hosts.d/web")).exists();
            assertThat(data.resolve("export/config/global.yaml")).exists();
            try (Stream<Path> logs = Files.list(data.resolve("logs/runs"))) {
                assertThat(logs.toList()).isNotEmpty();
            }
            assertThat(openToOthers(data)).isEmpty();
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
            serve.destroyForcibly();
        }
        assertThat(openToOthers(data)).isEmpty();
    }

    /** Every path under {@code root} (itself included) that others may read, write or enter, with its mode. */
    private static List<String> openToOthers(Path root) throws IOException {
        List<String> open = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                var mode = Files.getPosixFilePermissions(p);
                if (mode.contains(PosixFilePermission.OTHERS_READ) || mode.contains(PosixFilePermission.OTHERS_WRITE)
                        || mode.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    open.add(root.relativize(p) + " " + PosixFilePermissions.toString(mode));
                }
            }
        }
        return open;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void ok(Cli.Result r) {
        assertThat(r.exitCode()).as(r.toString()).isZero();
    }

    /** Runs {@code bin/pobsync ARGS} to its end under umask 022; returns its output. */
    private String pobsync(Map<String, String> env, String... args) throws Exception {
        Path log = Files.createTempFile(dir, "pobsync-", ".log");
        Process p = start(env, log, args);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private Process start(Map<String, String> env, Path log, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of("bash", "-c", "umask 022; exec \"$0\" \"$@\"", launcher().toString()));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("POBSYNC_") || k.equals("JOURNAL_STREAM"));
        pb.environment().putAll(env);
        pb.environment().put("POBSYNC_JAR", testJar().toString());
        pb.environment().put("POBSYNC_LAUNCH_CACHE", "off");
        pb.environment().put("POBSYNC_JAVA_OPTS", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xmx256m");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    /** bin/pobsync of this checkout. */
    private static Path launcher() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isExecutable(d.resolve("bin/pobsync")) && Files.isDirectory(d.resolve("engine"))) {
                return d.resolve("bin/pobsync");
            }
        }
        throw new IllegalStateException("bin/pobsync not found above " + Path.of("").toAbsolutePath());
    }

    /** A jar with nothing but a manifest: main class org.pobsync.Pobsync, class path = this test's. */
    private Path testJar() throws IOException {
        Path jar = dir.resolve("pobsync-test.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toAbsolutePath().toUri().toString());
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "org.pobsync.Pobsync");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
        return jar;
    }
}
