package org.pobsync.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoopbackSshdTest {

    @TempDir
    Path tmp;

    @Test
    void acceptsTheClientKeyWithStrictHostKeyChecking() {
        LoopbackSshd sshd = LoopbackSshd.shared();
        Path knownHosts = sshd.writeKnownHosts(tmp.resolve("known_hosts"));
        Commands.Result r = Commands.run("ssh", "-p", String.valueOf(sshd.port()), "-i", sshd.clientKey().toString(),
                "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "IdentitiesOnly=yes",
                "-l", sshd.user(), sshd.address(), "echo", "hello");
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("hello");
    }
}
