/**
 * btrfs through its command-line tool: subvolume create, snapshot, delete, the read-only
 * property, {@code filesystem du} for sizes, and what this process may do there (mount options,
 * capabilities). Commands are argument lists with every path after {@code --}; the tool's
 * warnings for unprivileged callers are dropped, its ERROR line becomes the exception message.
 *
 * <h2>What the unprivileged worker needs</h2>
 * Measured as {@code nobody} with the five capabilities of pobsync-worker.service: creating a
 * subvolume needs write access to the directory; a snapshot needs to own the source subvolume or
 * CAP_FOWNER; making a subvolume read-only or writable again needs to own it or CAP_FOWNER;
 * deleting needs CAP_SYS_ADMIN, or the mount option {@code user_subvol_rm_allowed} plus a
 * writable subvolume (a read-only one is made writable first). So the worker needs no
 * capability beyond the five it has, only the mount option on the backup file system.
 */
package org.pobsync.engine.btrfs;
