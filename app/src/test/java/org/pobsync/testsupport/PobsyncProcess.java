package org.pobsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code pobsync ARGS} as a separate JVM on the test class path (so tests can kill it with
 * SIGKILL or stop it with SIGTERM like systemd would), its stdout and stderr in one log file, or
 * in two for a test of what goes where.
 */
public final class PobsyncProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final Path errLog;
    private final String name;

    private PobsyncProcess(Process process, Path log, Path errLog, String name) {
        this.process = process;
        this.log = log;
        this.errLog = errLog;
        this.name = name;
    }

    public static PobsyncProcess start(Map<String, String> env, Path log, String... args) {
        return start(null, env, log, null, args);
    }

    /**
     * Like {@link #start}, in {@code workDir}: relative defaults (the data dir ./var, the backup
     * root ./backups) land there, as for a user who starts pobsync in a checkout.
     */
    public static PobsyncProcess startIn(Path workDir, Map<String, String> env, Path log, String... args) {
        return start(workDir, env, log, null, args);
    }

    /** Like {@link #start}, with stdout and stderr in separate files. */
    public static PobsyncProcess startSeparated(Map<String, String> env, Path stdout, Path stderr, String... args) {
        return start(null, env, stdout, stderr, args);
    }

    private static PobsyncProcess start(Path workDir, Map<String, String> env, Path log, Path errLog,
                                        String... args) {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "org.pobsync.Pobsync"));
        argv.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectOutput(log.toFile());
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        if (errLog == null) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(errLog.toFile());
        }
        pb.environment().keySet().removeIf(k -> k.startsWith("POBSYNC_") || k.equals("JOURNAL_STREAM"));
        pb.environment().putAll(env);
        try {
            return new PobsyncProcess(pb.start(), log, errLog, String.join(" ", args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: the process gets no chance to clean up. */
    public void kill9() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(10));
    }

    /** SIGSTOP: the process (its JVM only, not rsync under it) stops until {@link #resume}. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        Commands.Result r = Commands.run(null, List.of("kill", "-" + name, String.valueOf(process.pid())));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + ": " + r.output());
        }
    }

    /** SIGTERM, as systemd stops a service. */
    public void term() {
        process.destroy();
    }

    /** Waits for the exit; returns the exit code, or fails the test on timeout. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("pobsync " + name + " did not exit within " + timeout + ":\n" + log());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Everything the process wrote so far (stdout, then stderr when they are separate). */
    public String log() {
        return errLog == null ? read(log) : read(log) + read(errLog);
    }

    public String stdout() {
        return read(log);
    }

    /** Only for a process started with {@link #startSeparated}. */
    public String stderr() {
        if (errLog == null) {
            throw new IllegalStateException("stderr is merged into stdout: use startSeparated");
        }
        return read(errLog);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waits until the log has a line matching {@code regex}. */
    public void awaitLog(String regex, Duration timeout) {
        Pattern p = Pattern.compile(regex, Pattern.MULTILINE);
        Await.until(timeout, () -> p.matcher(log()).find(), "pobsync " + name + " to log /" + regex + "/");
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
