package org.pobsync.engine.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SnapshotPathTest {

    @Test
    void slashesAroundAndBetweenNamesDoNotMatter() {
        assertThat(SnapshotPath.parse("etc/ssh")).isEqualTo(SnapshotPath.parse("/etc//ssh/"));
        assertThat(SnapshotPath.parse("/etc/ssh").escaped()).isEqualTo("/etc/ssh");
        assertThat(SnapshotPath.parse("").isRoot()).isTrue();
        assertThat(SnapshotPath.parse("///")).isEqualTo(SnapshotPath.ROOT);
        assertThat(SnapshotPath.ROOT.escaped()).isEqualTo("/");
    }

    @Test
    void dotDotAndDotAreRefusedWhereverTheyAre() {
        for (String text : new String[] {"..", "/..", "etc/../..", "/etc/./passwd", "etc/..", "../etc"}) {
            assertThatThrownBy(() -> SnapshotPath.parse(text)).as(text).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not allowed");
        }
    }

    @Test
    void escapedNamesAreParsedIntoTheirBytes() {
        SnapshotPath path = SnapshotPath.parse("/home/caf\\xe9/new\\nline");
        assertThat(path.fileName().bytes()).containsExactly('n', 'e', 'w', '\n', 'l', 'i', 'n', 'e');
        assertThat(path.escaped()).isEqualTo("/home/caf\\xe9/new\\nline");
    }

    @Test
    void parentsAndPrefixes() {
        SnapshotPath ssh = SnapshotPath.parse("/etc/ssh");
        assertThat(ssh.parent()).isEqualTo(SnapshotPath.parse("/etc"));
        assertThat(SnapshotPath.parse("/etc").parent()).isEqualTo(SnapshotPath.ROOT);
        assertThat(ssh.startsWith(SnapshotPath.parse("/etc"))).isTrue();
        assertThat(SnapshotPath.parse("/etcetera").startsWith(SnapshotPath.parse("/etc"))).isFalse();
        assertThatThrownBy(() -> SnapshotPath.parse("x".repeat(SnapshotPath.MAX_TEXT + 1)))
                .hasMessageContaining("too long");
    }
}
