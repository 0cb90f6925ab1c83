-- pobsync schema, version 9: snapshot stores (SPEC section 15) and the backup root's marker.
-- snapshot_store: auto, hardlink or btrfs. auto uses btrfs subvolumes where the backup root is
-- on btrfs and the worker may create and delete subvolumes there, hard links everywhere else.
-- backup_root_id: the id written into the marker file <root>/.pobsync-backup-root when the root
-- was first used. NULL until then. Once set, a root without that marker is an unmounted or
-- replaced disk (umount leaves an empty directory behind), and nothing backs up, prunes or
-- discovers there until the disk is back or an operator initializes the root again.

ALTER TABLE global_config ADD COLUMN snapshot_store VARCHAR(16) NOT NULL DEFAULT 'auto';
ALTER TABLE global_config ADD COLUMN backup_root_id VARCHAR(64);
