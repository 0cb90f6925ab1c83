package org.pobsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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
        // A fresh data dir: the pool starts and the migrations run, both of which log.
        Map<String, String> env = TestDatabase.SQLITE.env(dir.resolve("var"));
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.pobsync.Pobsync", "runs", "--json"));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectError(dir.resolve("err.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("POBSYNC_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(Json.MAPPER.readTree(out).isArray()).as(out).isTrue();
        assertThat(out.strip()).isEqualTo("[ ]");
    }
}
