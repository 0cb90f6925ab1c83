package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostNameOptionsTest {

    @Test
    void everyNameIsOneEscapedOption() {
        assertThat(HostNameOptions.markup(List.of("db1", "web\"<1>&"))).isEqualTo(
                "<option value=\"db1\"></option><option value=\"web&quot;&lt;1&gt;&amp;\"></option>");
        assertThat(HostNameOptions.markup(List.of())).isEmpty();
    }
}
