package org.pobsync.engine.rsync;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The size limits on a host's paths, excludes and options: what fits on rsync's command line. */
class HostValuesBoundsTest {

    private static List<String> paths(int n) {
        return IntStream.range(0, n).mapToObj(i -> "/p" + i).toList();
    }

    @Test
    void aThousandSourcePathsAreAcceptedAndOneMoreIsNot() {
        assertThatCode(() -> HostValues.validateSourcePaths(paths(HostValues.MAX_SOURCE_PATHS))).doesNotThrowAnyException();
        assertThatThrownBy(() -> HostValues.validateSourcePaths(paths(HostValues.MAX_SOURCE_PATHS + 1)))
                .isInstanceOf(InvalidBackupConfigException.class)
                .hasMessage("source_paths: 1001 paths are more than the 1000 a host may have; back up a common parent"
                        + " directory instead");
        assertThatThrownBy(() -> HostValues.validateSourcePaths(paths(20_000))).hasMessageContaining("20000 paths");
    }

    @Test
    void aThousandExcludesAreAcceptedAndOneMoreIsNot() {
        List<String> excludes = Collections.nCopies(HostValues.MAX_EXCLUDES, "*.tmp");
        assertThatCode(() -> HostValues.validateExcludes(excludes)).doesNotThrowAnyException();
        List<String> more = Collections.nCopies(HostValues.MAX_EXCLUDES + 1, "*.tmp");
        assertThatThrownBy(() -> HostValues.validateExcludes(more))
                .hasMessageStartingWith("excludes: 1001 patterns are more than the 1000 a host may have");
    }

    @Test
    void aPathOrPatternMayBePathMaxLessOneBytesCountedInUtf8() {
        String longest = "/" + "x".repeat(HostValues.MAX_VALUE_BYTES - 1);
        assertThatCode(() -> HostValues.validateSourcePath(longest)).doesNotThrowAnyException();
        assertThatThrownBy(() -> HostValues.validateSourcePath(longest + "x"))
                .hasMessageEndingWith("is 4096 bytes long; rsync takes at most 4095");
        // 2,048 characters, 4,096 bytes: the limit is the kernel's and rsync's, in bytes.
        assertThatThrownBy(() -> HostValues.validateSourcePath("/" + "é".repeat(2047) + "x"))
                .hasMessageEndingWith("is 4096 bytes long; rsync takes at most 4095");
        assertThatThrownBy(() -> HostValues.validateSourcePath("/" + "x".repeat(100_000)))
                .hasMessageStartingWith("source_paths: \"/xxx").hasMessageContaining("...\" is 100001 bytes long");
        assertThatCode(() -> HostValues.validateExclude("x".repeat(HostValues.MAX_VALUE_BYTES))).doesNotThrowAnyException();
        assertThatThrownBy(() -> HostValues.validateExclude("x".repeat(HostValues.MAX_VALUE_BYTES + 1)))
                .hasMessageStartingWith("excludes: ").hasMessageEndingWith("rsync takes at most 4095");
    }

    @Test
    void everythingTogetherStaysWithin32KiBNamingTheFieldThatHoldsMost() {
        // 32 values of 1,023 bytes plus a separator each: exactly the limit.
        List<String> half = Collections.nCopies(16, "/" + "p".repeat(1022));
        List<String> otherHalf = Collections.nCopies(16, "e".repeat(1023));
        assertThatCode(() -> HostValues.validateCommandLineTotal(half, otherHalf, List.of())).doesNotThrowAnyException();
        assertThatThrownBy(() -> HostValues.validateCommandLineTotal(half, otherHalf, List.of("-z")))
                .isInstanceOf(InvalidBackupConfigException.class)
                .hasMessage("source_paths: the source paths, exclude patterns and rsync options add up to 32771 bytes,"
                        + " more than the 32768 that fit safely on rsync's command line; back up common parent"
                        + " directories, or cover several excludes with one wildcard pattern");
        assertThatThrownBy(() -> HostValues.validateCommandLineTotal(List.of("/etc"),
                Collections.nCopies(40, "e".repeat(1000)), List.of()))
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(((InvalidBackupConfigException) e).field())
                        .isEqualTo("excludes"));
    }
}
