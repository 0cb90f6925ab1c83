package org.pobsync.engine.ssh;

import java.nio.file.Path;
import java.time.Duration;
import org.pobsync.engine.SshTarget;
import org.pobsync.testsupport.LoopbackSshd;

/** SshTargets pointing at a loopback sshd, as the application would build them. */
final class SshTestTargets {

    private SshTestTargets() {
    }

    static SshTarget target(LoopbackSshd sshd, Path knownHosts) {
        return target(sshd, sshd.clientKey(), knownHosts);
    }

    static SshTarget target(LoopbackSshd sshd, Path key, Path knownHosts) {
        return new SshTarget(sshd.address(), sshd.user(), sshd.port(), key, knownHosts, Duration.ofSeconds(5));
    }

    /** Scans the sshd and pins what it offers, as an operator confirming the scan would. */
    static Path pinned(LoopbackSshd sshd, Path knownHosts) throws Exception {
        var keys = new HostKeyScanner(Duration.ofSeconds(5)).scan(sshd.address(), sshd.port());
        KnownHostsFile.write(knownHosts, keys.stream().map(k -> new KnownHost(sshd.address(), sshd.port(), k)).toList());
        return knownHosts;
    }
}
