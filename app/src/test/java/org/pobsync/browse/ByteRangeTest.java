package org.pobsync.browse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void oneRangeInEachOfItsForms() {
        assertThat(ByteRange.parse("bytes=0-99", 1000)).isEqualTo(new ByteRange(0, 99));
        assertThat(ByteRange.parse("bytes=900-", 1000)).isEqualTo(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=-100", 1000)).isEqualTo(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).isEqualTo(new ByteRange(0, 999));
        assertThat(ByteRange.parse("bytes=990-5000", 1000)).isEqualTo(new ByteRange(990, 999));
    }

    @Test
    void whatCannotBeServedIsTheWholeFileOr416() {
        assertThat(ByteRange.parse(null, 1000)).isSameAs(ByteRange.WHOLE);
        assertThat(ByteRange.parse("bytes=0-1,5-6", 1000)).isSameAs(ByteRange.WHOLE);
        assertThat(ByteRange.parse("lines=1-2", 1000)).isSameAs(ByteRange.WHOLE);
        assertThat(ByteRange.parse("bytes=5-2", 1000)).isSameAs(ByteRange.WHOLE);
        assertThat(ByteRange.parse("bytes=a-b", 1000)).isSameAs(ByteRange.WHOLE);
        assertThat(ByteRange.parse("bytes=99999999999999999999-", 1000)).isSameAs(ByteRange.WHOLE);
        assertThat(ByteRange.parse("bytes=1000-", 1000)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=-0", 1000)).isSameAs(ByteRange.UNSATISFIABLE);
        assertThat(ByteRange.parse("bytes=0-", 0)).isSameAs(ByteRange.UNSATISFIABLE);
    }
}
