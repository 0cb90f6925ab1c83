package org.pobsync.engine.rsync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When rsync needs --super: from the Uid and CapEff lines of /proc/self/status. */
class ReceiverPrivilegesTest {

    static String status(String uids, String capEff) {
        return "Name:\tjava\nUmask:\t0027\nState:\tS (sleeping)\nUid:\t" + uids + "\nGid:\t995\t995\t995\t995\n"
                + "CapInh:\t0000000000000000\nCapPrm:\t" + capEff + "\nCapEff:\t" + capEff + "\n"
                + "CapBnd:\t000001ffffffffff\nCapAmb:\t" + capEff + "\n";
    }

    @ParameterizedTest(name = "uid {0}, CapEff {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // the systemd worker: pobsync with chown, fowner, dac_override, dac_read_search, fsetid
            "998\t998\t998\t998 | 000000000000001f | true",
            "998\t998\t998\t998 | 0000000000000001 | true",   // chown alone is what decides
            "998\t998\t998\t998 | 0000000000000000 | false",  // a developer's shell: --super would fail every chown
            "998\t998\t998\t998 | 000000000000001e | false",  // everything but chown
            "0\t0\t0\t0         | 000001ffffffffff | false",  // root: rsync keeps owners anyway
            "1000\t0\t0\t0      | 000001ffffffffff | false",  // effective uid 0 counts as root
            "0\t998\t998\t998   | 0000000000000001 | true",   // effective uid is the second field
    })
    void decidesFromEffectiveUidAndChownCapability(String uids, String capEff, boolean expected) {
        assertThat(ReceiverPrivileges.needsSuperFlag(status(uids.trim(), capEff.trim()))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''", "Name:\tjava", "Uid:\t998\t998\t998\t998\nCapEff:\tnot-hex"})
    void unreadableStatusMeansNoFlag(String status) {
        assertThat(ReceiverPrivileges.needsSuperFlag(status)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void thisProcessGivesAnAnswer() {
        // As root (CI) the answer is false; the call must never throw.
        ReceiverPrivileges.needsSuperFlag();
    }
}
