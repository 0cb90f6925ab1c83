package org.pobsync.engine;

/** Another backup or prune holds the host's lock. */
public class HostBusyException extends RuntimeException {
    public HostBusyException(String host) {
        super("host busy: another backup or prune of " + host + " is running");
    }
}
