package org.pobsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.format.Json;
import org.pobsync.testsupport.TestDatabase;

/** As a script sees the CLI: stdout carries only the command's output, logs go to stderr. */
class CliOutputProcessTest {

    @TempDir
    Path dir;

    @Test
    void runsJsonOnStdoutIsPureJsonEvenOnAFreshDatabase() throws Exception {
        Map<String, String> env = TestDatabase.SQLITE.env(dir.resolve("var"));
        // A data dir never used: the read-only command creates nothing and says so on stderr only.
        Run refused = run(env, "runs", "--json");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).contains("pobsync: error: the database ", "does not exist yet");

        // A fresh database: migrating logs, and so does the pool of every command that opens it.
        Run migrated = run(env, "manage", "migrate");
        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
        assertThat(migrated.out()).startsWith("pobsync: applied ");
        Run runs = run(env, "runs", "--json");
        assertThat(runs.exitCode()).as(runs.err()).isZero();
        assertThat(Json.MAPPER.readTree(runs.out()).isArray()).as(runs.out()).isTrue();
        assertThat(runs.out().strip()).isEqualTo("[ ]");
    }

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.pobsync.Pobsync"));
        argv.addAll(List.of(args));
        Path err = Files.createTempFile(dir, "err", ".log");
        ProcessBuilder pb = new ProcessBuilder(argv).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("POBSYNC_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out, Files.readString(err));
    }
}
