package org.pobsync.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrustedProxiesTest {

    @Test
    void addressesAndRangesBecomeCidrsAndNoneIsTheDefault() {
        assertThat(PobsyncSettings.from(Map.of()).trustedProxies()).isEmpty();
        assertThat(TrustedProxies.parse(" 127.0.0.1, 10.0.0.0/8  ::1 fd00::/8,"))
                .containsExactly("127.0.0.1/32", "10.0.0.0/8", "0:0:0:0:0:0:0:1/128", "fd00:0:0:0:0:0:0:0/8");
    }

    @ParameterizedTest
    @ValueSource(strings = {"proxy.example.org", "10.0.0.0/33", "::1/129", "10.0.0.0/x", "10.0.0.1/-1", "300.1.2.3",
            "10.0.0.1;rm", "*"})
    void anythingElseStopsTheProcessNamingTheEntry(String entry) {
        assertThatThrownBy(() -> PobsyncSettings.from(Map.of("POBSYNC_TRUSTED_PROXIES", "127.0.0.1," + entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("POBSYNC_TRUSTED_PROXIES: '" + entry + "'");
    }

    @Test
    void auditRetentionIsAWholeNumberOfDays() {
        assertThat(PobsyncSettings.from(Map.of()).auditRetentionDays()).isEqualTo(400);
        assertThat(PobsyncSettings.from(Map.of("POBSYNC_AUDIT_RETENTION_DAYS", " 30 ")).auditRetentionDays()).isEqualTo(30);
        for (String bad : new String[] {"0", "-5", "forever", "99999999999"}) {
            assertThatThrownBy(() -> PobsyncSettings.from(Map.of("POBSYNC_AUDIT_RETENTION_DAYS", bad)))
                    .hasMessageContaining("POBSYNC_AUDIT_RETENTION_DAYS must be a whole number of days");
        }
    }
}
