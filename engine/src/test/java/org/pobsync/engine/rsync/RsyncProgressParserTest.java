package org.pobsync.engine.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pobsync.engine.Progress;

class RsyncProgressParserTest {

    @Test
    void readsAnUpdateInTheMiddleOfAFile() {
        Progress p = RsyncProgressParser.parse("        557,056  18%  500.00kB/s    0:00:04  ").orElseThrow();
        assertThat(p.bytesTransferred()).isEqualTo(557_056);
        assertThat(p.percent()).isEqualTo(18);
        assertThat(p.bytesPerSecond()).isEqualTo(500 * 1024);
        assertThat(p.eta()).isEqualTo(Duration.ofSeconds(4));
        assertThat(p.filesChecked()).isZero();
    }

    @Test
    void readsTheEndOfFileUpdateWhoseTimeIsElapsedNotRemaining() {
        Progress p = RsyncProgressParser.parse("      3,000,000  25%    1.49MB/s    0:01:00 (xfr#6, to-chk=150/158)")
                .orElseThrow();
        assertThat(p.bytesTransferred()).isEqualTo(3_000_000);
        assertThat(p.bytesPerSecond()).isEqualTo((long) (1.49 * 1024 * 1024));
        assertThat(p.filesChecked()).isEqualTo(8);
        // 60 s for 25 %: about 180 s to go.
        assertThat(p.eta()).isEqualTo(Duration.ofSeconds(180));
    }

    @Test
    void readsIncrementalRecursionCountersAndUnknownTimes() {
        Progress p = RsyncProgressParser.parse("  1,234,567,890  42%   12.00GB/s   ??:??:??  ").orElseThrow();
        assertThat(p.eta()).isNull();
        assertThat(p.bytesPerSecond()).isEqualTo(12L * 1024 * 1024 * 1024);
        Progress ir = RsyncProgressParser.parse("         32,768   1%    0.00kB/s    0:00:00 (xfr#1, ir-chk=1000/1200)")
                .orElseThrow();
        assertThat(ir.filesChecked()).isEqualTo(200);
        assertThat(ir.eta()).isEqualTo(Duration.ZERO);
    }

    @Test
    void ignoresEverythingElse() {
        for (String line : List.of("", ">f+++++++++ etc/hosts", "Number of files: 10 (reg: 4, dir: 5, link: 1)",
                "sent 3,001,137 bytes  received 135 bytes  6,002,544.00 bytes/sec", "cd+++++++++ 100%/")) {
            assertThat(RsyncProgressParser.parse(line)).as(line).isEmpty();
            assertThat(RsyncProgressParser.isProgressLine(line)).isFalse();
        }
    }

    @Test
    void everyProgressUpdateOfARealRunParses() {
        List<String> updates = CapturedOutput.lines("slow-local.stdout").stream()
                .filter(l -> l.contains("%") && l.contains("B/s"))
                .collect(Collectors.toList());
        assertThat(updates).hasSizeGreaterThan(50);
        List<Optional<Progress>> parsed = updates.stream().map(RsyncProgressParser::parse).collect(Collectors.toList());
        assertThat(parsed).allSatisfy(p -> assertThat(p).isPresent());
        Progress last = parsed.get(parsed.size() - 1).orElseThrow();
        assertThat(last.percent()).isEqualTo(100);
        assertThat(last.filesChecked()).isEqualTo(158);
        assertThat(last.bytesTransferred()).isEqualTo(3_000_333);
    }

    /**
     * The hand-written recognition agrees with the regular expression that parses the lines: on
     * every line of a real run, and on every one-character change of a few real updates (the
     * places where a hand-written check goes wrong: a digit too many, a missing space, ...).
     */
    @Test
    void theFastCheckAcceptsExactlyTheLinesTheParserReads() {
        List<String> lines = new java.util.ArrayList<>(CapturedOutput.lines("slow-local.stdout"));
        List<String> seeds = List.of("      3,000,000  25%    1.49MB/s    0:01:00 (xfr#6, to-chk=150/158)",
                "        557,056  18%  500.00kB/s    0:00:04  ", "  1,234,567,890  42%   12.00GB/s   ??:??:??  ",
                "         32,768   1%    0.00kB/s    0:00 (xfr#1, ir-chk=1000/1200)", "0 100% 1B/s 10:00:00");
        String alphabet = " 0123456789,%.kMGTBb/s:?(xfr#)-toirchk=\t";
        for (String seed : seeds) {
            lines.add(seed);
            for (int i = 0; i <= seed.length(); i++) {
                if (i < seed.length()) {
                    lines.add(seed.substring(0, i) + seed.substring(i + 1));
                }
                for (char c : alphabet.toCharArray()) {
                    lines.add(seed.substring(0, i) + c + seed.substring(i));
                    if (i < seed.length()) {
                        lines.add(seed.substring(0, i) + c + seed.substring(i + 1));
                    }
                }
            }
        }
        assertThat(lines).hasSizeGreaterThan(10_000);
        for (String line : lines) {
            assertThat(RsyncProgressParser.isProgressLine(line)).as("'%s'", line)
                    .isEqualTo(RsyncProgressParser.parse(line).isPresent());
        }
    }
}
