package org.pobsync.engine.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pobsync.engine.ssh.SshFailure.Reason;

/** How a finished {@code rsync --version} probe reads, from recorded output. */
class ProbeInterpretationTest {

    @Test
    void readsTheRemoteRsyncVersionLine() {
        ProbeResult r = ConnectionProbe.interpret(0, List.of("Welcome!", "rsync  version 3.2.7  protocol version 31",
                "Copyright (C) 1996-2022 by Andrew Tridgell, Wayne Davison, and others."), List.of(), false, SshFailureTest.context(22));
        assertThat(r.ok()).isTrue();
        assertThat(r.rsyncVersion()).isEqualTo("rsync version 3.2.7 protocol version 31");
        assertThat(r.message()).isEqualTo("connected: rsync version 3.2.7 protocol version 31");
    }

    @Test
    void aSuccessfulCommandWithoutAVersionIsNotOk() {
        ProbeResult r = ConnectionProbe.interpret(0, List.of("something else"), List.of(), false, SshFailureTest.context(22));
        assertThat(r.reason()).isEqualTo(Reason.OTHER);
        assertThat(r.message()).isEqualTo("connected, but \"rsync --version\" printed no rsync version");
    }

    @Test
    void anRrsyncRestrictedKeyConnectsWithoutAVersion() {
        ProbeResult r = ConnectionProbe.interpret(1, List.of(),
                List.of("/usr/bin/rrsync error: --server option is not the first arg"), false, SshFailureTest.context(22));
        assertThat(r.ok()).isTrue();
        assertThat(r.rsyncVersion()).isEmpty();
        assertThat(r.message()).contains("restricted to rrsync");
    }

    @Test
    void anRrsyncRestrictedKeyCannotBackUpThroughSudo() {
        ProbeResult r = ConnectionProbe.interpret(1, List.of(),
                List.of("/usr/bin/rrsync error: SSH_ORIGINAL_COMMAND does not run rsync"), true, SshFailureTest.context(22));
        assertThat(r.reason()).isEqualTo(Reason.COMMAND_RESTRICTED);
        assertThat(r.message()).contains("turn off use_sudo");
    }

    @Test
    void sudoRefusalsAreClassified() {
        ProbeResult r = ConnectionProbe.interpret(1, List.of(), List.of("sudo: a password is required"), true, SshFailureTest.context(22));
        assertThat(r.reason()).isEqualTo(Reason.SUDO_REFUSED);
    }
}
