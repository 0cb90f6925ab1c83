package org.pobsync.engine.ssh;

import java.util.Objects;

/** One pinned host key: the host's address and ssh port, and the key it must present. */
public record KnownHost(String address, int port, HostKey key) {

    public static final int DEFAULT_PORT = 22;

    public KnownHost {
        SshArguments.requireAddress(address);
        SshArguments.requirePort(port);
        Objects.requireNonNull(key, "key");
    }

    /**
     * The name ssh looks the host up by: the bare address on port 22, {@code [address]:port}
     * otherwise. A pin for one non-standard port does not vouch for another, but OpenSSH falls
     * back to the bare-address (port 22) pin when nothing is pinned for {@code [address]:port}.
     */
    public String hostPattern() {
        return port == DEFAULT_PORT ? address : "[" + address + "]:" + port;
    }

    public String knownHostsLine() {
        return hostPattern() + " " + key.keyText();
    }
}
