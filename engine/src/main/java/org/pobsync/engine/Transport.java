package org.pobsync.engine;

/** How the backup server reaches a host's files. */
public enum Transport {
    /** rsync over the OpenSSH client, against the managed known_hosts file. */
    SSH,
    /** A path on the backup server itself; no ssh involved. */
    LOCAL
}
