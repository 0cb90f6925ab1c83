package org.pobsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A private MariaDB server for the test run: its own data directory, socket and a free port on
 * 127.0.0.1, started as a child of the test JVM and stopped when the JVM exits. Each test gets a
 * fresh database ({@link #newDatabase}) so tests never see each other's rows. A test that stops
 * and restarts the server ({@link #stopServer}, {@link #startServer}) takes one of its own
 * ({@link #startOwn}), so no other test loses its database meanwhile.
 */
public final class PrivateMariaDb {

    private static PrivateMariaDb instance;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path dir;
    private final int port;
    private Process process;

    private PrivateMariaDb(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static synchronized PrivateMariaDb shared() {
        if (instance == null) {
            instance = start();
            PrivateMariaDb s = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "private-mariadb-stop"));
        }
        return instance;
    }

    /** A server for one test class alone, stopped when the JVM exits (or by {@link #stopServer}). */
    public static PrivateMariaDb startOwn() {
        PrivateMariaDb own = start();
        Runtime.getRuntime().addShutdownHook(new Thread(own::stop, "private-mariadb-stop"));
        return own;
    }

    /** Shuts the server down as an administrator would (SIGTERM, waiting for it to exit). */
    public void stopServer() {
        stop();
    }

    /** Starts the server again on the same data directory and port. */
    public synchronized void startServer() {
        try {
            launch();
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PrivateMariaDb start() {
        Path installDb = TestEnvironment.requireBinary("mariadb-install-db", "mysql_install_db");
        try {
            Path dir = Files.createTempDirectory("pobsync-mariadb-");
            PrivateMariaDb db = new PrivateMariaDb(dir, LoopbackSshd.freePort());
            String user = System.getProperty("user.name");
            Commands.Result init = Commands.run(null, java.util.List.of(installDb.toString(), "--user=" + user,
                    "--datadir=" + dir.resolve("data"), "--auth-root-authentication-method=socket",
                    "--skip-test-db"));
            if (init.exitCode() != 0) {
                throw new IllegalStateException("mariadb-install-db failed: " + init.output());
            }
            db.launch();
            db.awaitReady();
            db.bootstrapUser();
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void launch() throws IOException {
        Path mariadbd = TestEnvironment.requireBinary("/usr/sbin/mariadbd", "mariadbd");
        String user = System.getProperty("user.name");
        process = new ProcessBuilder(mariadbd.toString(), "--no-defaults", "--user=" + user,
                "--datadir=" + dir.resolve("data"), "--socket=" + dir.resolve("mysqld.sock"),
                "--pid-file=" + dir.resolve("mysqld.pid"), "--port=" + port, "--bind-address=127.0.0.1",
                "--log-error=" + dir.resolve("err.log"), "--skip-log-bin", "--innodb-buffer-pool-size=64M",
                "--innodb-flush-log-at-trx-commit=2", "--max-connections=300")
                .redirectErrorStream(true).redirectOutput(
                        ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited: " + Files.readString(dir.resolve("err.log")));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("mariadbd did not start on port " + port);
    }

    private void bootstrapUser() {
        // root authenticates by unix socket only; create the test user through the mariadb client.
        Commands.Result r = Commands.run(null, java.util.List.of("mariadb", "--socket=" + dir.resolve("mysqld.sock"),
                "-u", "root", "-e",
                "CREATE USER 'pobsync'@'127.0.0.1' IDENTIFIED BY 'pobsync-test';"
                        + " CREATE USER 'pobsync'@'localhost' IDENTIFIED BY 'pobsync-test';"
                        + " GRANT ALL PRIVILEGES ON *.* TO 'pobsync'@'127.0.0.1';"
                        + " GRANT ALL PRIVILEGES ON *.* TO 'pobsync'@'localhost'; FLUSH PRIVILEGES;"));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("creating the test user failed: " + r.output());
        }
    }

    /** The {@link TestDatabase#MARIADB} environment of a fresh database on this server. */
    public java.util.Map<String, String> env(Path dataDir) {
        java.util.Map<String, String> env = new java.util.HashMap<>();
        env.put("POBSYNC_DATA_DIR", dataDir.toString());
        env.put("POBSYNC_BACKUP_ROOT", dataDir.resolve("backups").toString());
        env.put("POBSYNC_DATABASE_URL", newDatabase());
        env.put("POBSYNC_DATABASE_USER", user());
        env.put("POBSYNC_DATABASE_PASSWORD", password());
        return env;
    }

    /** Creates an empty database and returns its JDBC URL. */
    public String newDatabase() {
        String name = "pobsync_t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(adminUrl(), user(), password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + name;
    }

    private String adminUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/";
    }

    public String user() {
        return "pobsync";
    }

    public String password() {
        return "pobsync-test";
    }

    public int port() {
        return port;
    }

    private synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }
}
