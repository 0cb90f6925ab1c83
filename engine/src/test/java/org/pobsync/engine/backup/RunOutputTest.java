package org.pobsync.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.engine.BackupListener;
import org.pobsync.engine.process.OutputLine.Source;
import org.pobsync.engine.process.OutputLine;

class RunOutputTest {

    @TempDir
    Path tmp;

    @Test
    void memoryStaysBoundedHoweverMuchRsyncPrints() throws Exception {
        AtomicLong delivered = new AtomicLong();
        BackupListener listener = new BackupListener() {
            @Override
            public void logLine(String line) {
                delivered.incrementAndGet();
            }
        };
        Path log = tmp.resolve("logs/deep/run.log");
        String longName = "x".repeat(5000);
        try (RunOutput output = new RunOutput(log, listener, 2)) {
            output.accept(new OutputLine(Source.STDERR,
                    "rsync: [sender] link_stat \"/gone\" failed: No such file or directory (2)", false));
            for (int i = 0; i < 200_000; i++) {
                output.accept(new OutputLine(Source.STDOUT, ">f+++++++++ srv/file-" + i + "-" + (i % 1000 == 0 ? longName : ""), false));
                output.accept(new OutputLine(Source.STDOUT, "      " + i + "   1%    1.00MB/s    0:00:10  ", true));
                if (i % 10 == 0) {
                    output.accept(new OutputLine(Source.STDERR, "rsync: [sender] send_files failed to open \"/f" + i + "\": Permission denied (13)", false));
                }
            }
            assertThat(output.tail()).hasSize(RunOutput.TAIL_LINES);
            assertThat(output.tail()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(RunOutput.TAIL_LINE_CHARS + 3));
            assertThat(output.tail()).noneMatch(l -> l.contains("MB/s"));
            assertThat(output.errorLines()).hasSizeLessThanOrEqualTo(RunOutput.ERROR_LINES + 2);
            // The missing-path line survives however many errors follow it.
            assertThat(output.errorLines().get(0)).contains("link_stat \"/gone\"");
            assertThat(output.progress().bytesTransferred()).isEqualTo(199_999);
        }
        assertThat(delivered.get()).isEqualTo(220_001);
        assertThat(Files.lines(log).count()).isGreaterThanOrEqualTo(220_001);
    }

    @Test
    void aLogThatCannotBeWrittenDoesNotStopTheRun() throws Exception {
        Path blocked = Files.writeString(tmp.resolve("a-file"), "");
        try (RunOutput output = new RunOutput(blocked.resolve("run.log"), BackupListener.NONE, 1)) {
            output.accept(new OutputLine(Source.STDOUT, ">f+++++++++ etc/hosts", false));
            assertThat(output.tail()).anyMatch(l -> l.startsWith("pobsync: cannot write the run log"))
                    .contains(">f+++++++++ etc/hosts");
        }
    }
}
