package org.pobsync.engine.store;

/**
 * Whether this process can keep btrfs snapshots in a backup root.
 *
 * @param detail what is missing, in words, null when available
 */
public record BtrfsSupport(Status status, String detail) {

    public enum Status {
        /** Subvolumes can be created, made read-only and deleted there. */
        AVAILABLE,
        /** The root is not on btrfs (or does not exist): hard links are the only store. */
        NOT_BTRFS,
        /** This process may only read the root (the panel's sandbox), so it cannot tell. */
        READ_ONLY,
        /** On btrfs, but a privilege or mount option is missing. */
        LACKING
    }

    static final BtrfsSupport AVAILABLE = new BtrfsSupport(Status.AVAILABLE, null);
}
