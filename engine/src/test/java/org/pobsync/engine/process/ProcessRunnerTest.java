package org.pobsync.engine.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process runner against real programs (sh is used here only to build test scenarios). */
class ProcessRunnerTest {

    private final ProcessRunner runner = new ProcessRunner(Duration.ofSeconds(2));

    @TempDir
    Path tmp;

    @Test
    void runCapturesStdoutAndStderrSeparately() throws Exception {
        CommandOutput out = runner.run(ProcessCommand.of("sh", "-c", "echo out1; echo err1 >&2; echo out2; exit 3"),
                Duration.ofSeconds(10));
        assertThat(out.exitCode()).isEqualTo(3);
        assertThat(out.stdout()).containsExactly("out1", "out2");
        assertThat(out.stderr()).containsExactly("err1");
        assertThat(out.result().timedOut()).isFalse();
        assertThat(out.result().terminated()).isFalse();
    }

    @Test
    void argumentsReachTheProgramLiterallyWithoutAShell() throws Exception {
        String tricky = "$(touch " + tmp.resolve("marker") + "); `id` * \"quoted\" -rf";
        CommandOutput out = runner.run(ProcessCommand.of("printf", "%s\\n", tricky), Duration.ofSeconds(10));
        assertThat(out.stdout()).containsExactly(tricky);
        assertThat(tmp.resolve("marker")).doesNotExist();
    }

    @Test
    void environmentIsExactlyWhatTheCommandSays() throws Exception {
        CommandOutput out = runner.run(ProcessCommand.of("env").withEnvironment(Map.of("ONLY_THIS", "1")),
                Duration.ofSeconds(10));
        assertThat(out.stdout()).containsExactly("ONLY_THIS=1");
        Map<String, String> standard = ProcessCommand.standardEnvironment();
        assertThat(standard).containsEntry("LC_ALL", "C.UTF-8").containsKey("PATH").doesNotContainKey("RSYNC_RSH");
    }

    @Test
    void workingDirectoryIsApplied() throws Exception {
        CommandOutput out = runner.run(ProcessCommand.of("pwd").withWorkingDirectory(tmp), Duration.ofSeconds(10));
        assertThat(out.stdout()).containsExactly(tmp.toRealPath().toString());
    }

    @Test
    void carriageReturnsSplitLinesAndMarkThemOverwritten() throws Exception {
        List<OutputLine> lines = Collections.synchronizedList(new ArrayList<>());
        RunningProcess p = runner.start(ProcessCommand.of("printf", "a\\rb\\rc\\nd\\n"), lines::add, null);
        p.waitFor();
        assertThat(lines).extracting(OutputLine::text).containsExactly("a", "b", "c", "d");
        assertThat(lines).extracting(OutputLine::overwritten).containsExactly(true, true, false, false);
    }

    @Test
    void carriageReturnLineFeedIsAnOrdinaryLineEnd() throws Exception {
        List<OutputLine> lines = Collections.synchronizedList(new ArrayList<>());
        RunningProcess p = runner.start(ProcessCommand.of("printf", "ssh says\\r\\nprogress\\rnext\\r"), lines::add, null);
        p.waitFor();
        assertThat(lines).extracting(OutputLine::text).containsExactly("ssh says", "progress", "next");
        assertThat(lines).extracting(OutputLine::overwritten).containsExactly(false, true, true);
    }

    @Test
    void endlessLinesArriveInBoundedPieces() throws Exception {
        List<OutputLine> lines = Collections.synchronizedList(new ArrayList<>());
        // 1 MB without a single newline.
        RunningProcess p = runner.start(ProcessCommand.of("head", "-c", "1000000", "/dev/zero"), lines::add, null);
        p.waitFor();
        assertThat(lines).allSatisfy(l -> assertThat(l.text().length()).isLessThanOrEqualTo(LineReader.MAX_LINE_BYTES));
        assertThat(lines.stream().mapToInt(l -> l.text().length()).sum()).isEqualTo(1_000_000);
    }

    @Test
    void lineByLineWritesArriveCompleteAndInOrder() throws Exception {
        List<OutputLine> lines = Collections.synchronizedList(new ArrayList<>());
        // One write() per line, as rsync prints its itemized list; stderr interleaved.
        RunningProcess p = runner.start(ProcessCommand.of("sh", "-c",
                "i=0; while [ $i -lt 3000 ]; do echo \"line $i\"; [ $((i % 500)) -eq 0 ] && echo \"err $i\" >&2; "
                        + "i=$((i + 1)); done"), lines::add, null);
        p.waitFor();
        List<String> stdout = lines.stream().filter(l -> !l.isStderr()).map(OutputLine::text).toList();
        assertThat(stdout).hasSize(3000);
        for (int i = 0; i < 3000; i++) {
            assertThat(stdout.get(i)).isEqualTo("line " + i);
        }
        assertThat(lines.stream().filter(OutputLine::isStderr).map(OutputLine::text))
                .containsExactly("err 0", "err 500", "err 1000", "err 1500", "err 2000", "err 2500");
    }

    @Test
    void aLineArrivesWhileTheProgramIsStillRunning() throws Exception {
        java.util.concurrent.CountDownLatch seen = new java.util.concurrent.CountDownLatch(1);
        RunningProcess p = runner.start(ProcessCommand.of("sh", "-c", "echo started; sleep 30"),
                l -> seen.countDown(), null);
        try {
            // Output is read in batches, but never held back for long: the live tail depends on it.
            assertThat(seen.await(2, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        } finally {
            p.terminate(Duration.ofSeconds(2));
        }
    }

    @Test
    void invalidUtf8IsReplacedNotFatal() throws Exception {
        List<OutputLine> lines = Collections.synchronizedList(new ArrayList<>());
        RunningProcess p = runner.start(ProcessCommand.of("printf", "caf\\351 ok\\n"), lines::add, null);
        p.waitFor();
        assertThat(lines).extracting(OutputLine::text).containsExactly("caf\uFFFD ok");
    }

    @Test
    void timeoutEndsTheProcessAndSaysSo() throws Exception {
        CommandOutput out = runner.run(ProcessCommand.of("sleep", "30"), Duration.ofMillis(300));
        assertThat(out.result().timedOut()).isTrue();
        assertThat(out.result().terminated()).isTrue();
        assertThat(out.result().elapsed()).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void terminateEndsTheWholeProcessTree() throws Exception {
        RunningProcess p = runner.start(ProcessCommand.of("sh", "-c", "sleep 300 & sleep 300 & wait"), l -> { }, null);
        List<ProcessHandle> tree = awaitDescendants(p, 2);
        assertThat(p.terminate(Duration.ofSeconds(2))).isTrue();
        ProcessResult result = p.waitFor();
        assertThat(result.terminated()).isTrue();
        assertThat(tree).noneMatch(ProcessTree::isRunning);
    }

    @Test
    void terminateKillsWhatIgnoresSigterm() throws Exception {
        RunningProcess p = runner.start(ProcessCommand.of("sh", "-c", "trap '' TERM; sleep 300 & wait; wait"),
                l -> { }, null);
        List<ProcessHandle> tree = awaitDescendants(p, 1);
        long started = System.nanoTime();
        assertThat(p.terminate(Duration.ofMillis(500))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(tree).noneMatch(ProcessTree::isRunning);
        assertThat(p.waitFor().exitCode()).isEqualTo(128 + 9);
    }

    @Test
    void aMissingProgramFailsToStartWithItsName() {
        assertThatThrownBy(() -> runner.start(ProcessCommand.of("/nonexistent/rsync"), l -> { }, null))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot start /nonexistent/rsync");
    }

    @Test
    void runKeepsOnlyABoundedNumberOfLines() throws Exception {
        CommandOutput out = runner.run(ProcessCommand.of("seq", "1", "5000"), Duration.ofSeconds(10));
        assertThat(out.stdout()).hasSize(ProcessRunner.MAX_CAPTURED_LINES);
        assertThat(out.truncated()).isTrue();
    }

    @Test
    void displayQuotesWordsForReading() {
        assertThat(ProcessCommand.display(List.of("rsync", "-e", "ssh -p 22", "it's", "/a/b")))
                .isEqualTo("rsync -e 'ssh -p 22' 'it'\\''s' /a/b");
    }

    private static List<ProcessHandle> awaitDescendants(RunningProcess p, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            List<ProcessHandle> descendants = p.handle().descendants().collect(Collectors.toList());
            if (descendants.size() >= count) {
                List<ProcessHandle> tree = new ArrayList<>(descendants);
                tree.add(p.handle());
                return tree;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("descendants did not start");
    }
}
