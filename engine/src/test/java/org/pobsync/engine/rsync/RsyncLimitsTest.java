package org.pobsync.engine.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pobsync.testsupport.Commands;
import org.pobsync.testsupport.TestEnvironment;

/**
 * What the real rsync does at {@link HostValues#MAX_VALUE_BYTES}: why pobsync refuses a longer
 * exclude pattern instead of passing it on.
 */
class RsyncLimitsTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void needsRsync() {
        TestEnvironment.requireBinary("rsync");
    }

    /** A pattern of exactly {@code bytes} bytes that matches the file name "secret". */
    private static String patternMatchingSecret(int bytes) {
        return "secre[" + "t".repeat(bytes - "secre[]".length()) + "]";
    }

    private Commands.Result copyExcluding(String pattern, Path dst) throws Exception {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("secret"), "do not copy\n");
        Files.writeString(src.resolve("kept"), "copy\n");
        return Commands.run("rsync", "-a", "--exclude=" + pattern, src + "/", dst + "/");
    }

    @Test
    void anExcludeOfTheMaximumLengthExcludes() throws Exception {
        String pattern = patternMatchingSecret(HostValues.MAX_VALUE_BYTES);
        assertThat(pattern).hasSize(4095);
        Path dst = tmp.resolve("dst");
        Commands.Result r = copyExcluding(pattern, dst);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(dst.resolve("kept")).exists();
        assertThat(dst.resolve("secret")).doesNotExist();
    }

    @Test
    void rsyncDropsALongerExcludeWithExitCodeZeroAndCopiesWhatItShouldHaveExcluded() throws Exception {
        Path dst = tmp.resolve("dst");
        Commands.Result r = copyExcluding(patternMatchingSecret(HostValues.MAX_VALUE_BYTES + 1), dst);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("discarding over-long filter");
        assertThat(dst.resolve("secret")).as("the exclude was silently lost").exists();
    }
}
