package org.pobsync.engine.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pobsync.engine.TransferStats;

class RsyncStatsParserTest {

    private static TransferStats parse(String capture) {
        RsyncStatsParser parser = new RsyncStatsParser();
        CapturedOutput.lines(capture).forEach(parser::accept);
        return parser.stats();
    }

    @Test
    void readsTheStatsOfAFirstBackup() {
        assertThat(parse("first-backup-ssh.stdout")).isEqualTo(new TransferStats(15, 6, 3_000_035, 3_000_044));
    }

    @Test
    void readsTheStatsOfAnIncrementalBackup() {
        TransferStats stats = parse("incremental-ssh.stdout");
        assertThat(stats.files()).isEqualTo(14);
        assertThat(stats.filesTransferred()).isEqualTo(1);
        assertThat(stats.bytesTransferred()).isEqualTo(8);
    }

    @Test
    void nothingBeforeTheStatsBlock() {
        RsyncStatsParser parser = new RsyncStatsParser();
        parser.accept(">f+++++++++ etc/hosts");
        assertThat(parser.seen()).isFalse();
        assertThat(parser.stats()).isEqualTo(TransferStats.NONE);
    }

    @Test
    void largeNumbersWithSeparators() {
        RsyncStatsParser parser = new RsyncStatsParser();
        parser.accept("Number of files: 1,234,567 (reg: 1,000,000, dir: 234,567)");
        parser.accept("Total file size: 12,345,678,901,234 bytes");
        assertThat(parser.stats().files()).isEqualTo(1_234_567);
        assertThat(parser.stats().totalSize()).isEqualTo(12_345_678_901_234L);
    }
}
