package org.pobsync.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ToolProcessTest {

    @Test
    void stopsAChildThatOutlivesItsTimeout() throws Exception {
        long start = System.nanoTime();
        ToolProcess.Result result = ToolProcess.run(List.of("sleep", "30"), Duration.ofMillis(200));
        assertThat(result.timedOut()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void keepsOnlyTheLastLinesOfALongOutputAndSeparatesTheStreams() throws Exception {
        ToolProcess.Result result = ToolProcess.run(List.of("seq", "1", "2000"), Duration.ofSeconds(10));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).hasSize(ToolProcess.MAX_LINES).endsWith("2000");
        assertThat(result.stderr()).isEmpty();
    }

    @Test
    void neverGoesThroughAShell() throws Exception {
        ToolProcess.Result result = ToolProcess.run(List.of("echo", "$HOME; false"), Duration.ofSeconds(10));
        assertThat(result.stdout()).containsExactly("$HOME; false");
    }
}
