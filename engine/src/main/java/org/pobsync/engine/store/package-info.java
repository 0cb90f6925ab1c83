/**
 * Snapshot stores (SPEC section 15): how a snapshot is kept on disk. The layout of SPEC section
 * 4 ({@code <root>/<host>/<name>/data}, snapshot.json, the {@code .incomplete} suffix, the
 * rename as the commit point) is the same for every store; only the way a new snapshot begins and
 * ends differs.
 *
 * <h2>hardlink (any POSIX file system)</h2>
 * An empty directory, filled by rsync with {@code --link-dest=<base>}: unchanged files become
 * hard links to the base. Every unchanged file still costs a link and a directory entry, so an
 * incremental backup of many small files costs nearly as much as a full one, and deleting a
 * snapshot means unlinking every entry.
 *
 * <h2>btrfs (each snapshot a subvolume)</h2>
 * A new backup starts as a writable snapshot of the base subvolume ({@code btrfs subvolume
 * snapshot}): a copy of the whole tree at no cost per file. rsync, with the same options as for
 * the hardlink store but no base, brings it up to date and deletes what the host no longer has. A
 * complete snapshot is made read-only ({@code btrfs property set ro true}) before the rename, so
 * nothing that later writes into the backup root can change it; a failed or cancelled one stays a
 * writable {@code .incomplete} subvolume, pruned like any incomplete snapshot. Deleting one is a
 * subvolume delete: one call, and btrfs frees the space in the background.
 *
 * <p>Not {@code --inplace}: rsync writes a changed file as a new file and renames it over the
 * old name, as for the hardlink store. With {@code --inplace}, a pair of names that were one
 * hard-linked file in the previous snapshot but are two files on the host now would both get the
 * content written through the shared inode (rsync compares the second name before it writes the
 * first), and the snapshot would silently hold wrong data; the test
 * {@code SnapshotStoreIntegrityTest} shows it. Copy-on-write already keeps the previous snapshot
 * untouched whichever way rsync writes.
 *
 * <h2>Choosing ({@link org.pobsync.engine.store.StoreProbe})</h2>
 * {@code auto} takes btrfs where the root is on btrfs and this process can create a subvolume,
 * make it read-only and delete it (tried on a probe subvolume); deleting needs CAP_SYS_ADMIN or
 * the mount option {@code user_subvol_rm_allowed}. The worker runs without CAP_SYS_ADMIN, so on
 * a production install the mount option is what decides.
 *
 * <h2>A change of store</h2>
 * When a host's newest snapshot belongs to the other store (a hard link cannot reach into a
 * subvolume, a snapshot cannot start from a plain directory), the new one starts from a
 * reflinked copy of it ({@code cp -a --reflink=always}: the files are new, their data is shared),
 * or, where that fails, from an empty directory; the run log says which. Old snapshots stay as
 * they are and are pruned their own way.
 */
package org.pobsync.engine.store;
