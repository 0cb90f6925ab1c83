package org.pobsync.settings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PobsyncVersionTest {

    /** The installer refuses a jar whose version is not a number, so "dev" must never leak from a build. */
    @Test
    void theBuildStampsItsVersion() {
        assertThat(PobsyncVersion.get()).matches("[0-9].*");
    }
}
