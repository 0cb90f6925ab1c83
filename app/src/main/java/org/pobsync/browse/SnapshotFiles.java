package org.pobsync.browse;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.pobsync.audit.AuditLog;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.engine.tree.AccountNames;
import org.pobsync.engine.tree.DirectoryEntry;
import org.pobsync.engine.tree.DirectoryHandle;
import org.pobsync.engine.tree.EntryName;
import org.pobsync.engine.tree.EntryStat;
import org.pobsync.engine.tree.EntryType;
import org.pobsync.engine.tree.SnapshotPath;
import org.pobsync.engine.tree.SnapshotTree;
import org.pobsync.engine.tree.TreeWalk;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotRepository;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.NotFoundException;

/**
 * Looking inside snapshots (SPEC section 13): which snapshot a request means, a directory's
 * entries a page at a time, a path's versions across the host's snapshots, and a name search.
 * Everything is read by handle below the snapshot's {@code data/} ({@code engine.tree}), so no
 * path, however written, reaches anything else; every look is audited with who, which snapshot
 * and which path. The panel, the API and the CLI call these methods; downloads are
 * {@link SnapshotDownloads}.
 */
public final class SnapshotFiles {

    /** A search stops after this many matches… */
    public static final int SEARCH_MAX_RESULTS = 500;
    /** …or after this long, whichever comes first. */
    public static final long SEARCH_MAX_MILLIS = 5_000;

    private static final Comparator<DirectoryEntry> DIRECTORIES_FIRST = Comparator
            .comparing((DirectoryEntry e) -> e.type() != EntryType.DIRECTORY)
            .thenComparing(DirectoryEntry::name);

    private final TreeAccess trees;
    private final HostService hosts;
    private final SnapshotRepository snapshots;
    private final AuditLog audit;
    private final Clock clock;

    public SnapshotFiles(GlobalConfigService config, HostService hosts, SnapshotRepository snapshots, AuditLog audit,
                         Clock clock) {
        this.trees = new TreeAccess(config);
        this.hosts = hosts;
        this.snapshots = snapshots;
        this.audit = audit;
        this.clock = clock;
    }

    /** The host's snapshot {@code name}, or its newest usable one for "latest". */
    public BrowsableSnapshot snapshot(String hostName, String name) {
        Host host = hosts.get(hostName);
        SnapshotRecord record = "latest".equals(name)
                ? snapshots.latestUsable(host.id()).orElseThrow(() -> new NotFoundException(
                        "host '" + host.name() + "' has no complete or partial snapshot yet"))
                : snapshots.find(host.id(), name).orElseThrow(() -> new NotFoundException(
                        "host '" + host.name() + "' has no snapshot '" + name + "'"));
        return browsable(record);
    }

    /** The snapshot with this record id (the API's handle). */
    public BrowsableSnapshot snapshot(long id) {
        return browsable(snapshots.findById(id)
                .orElseThrow(() -> new NotFoundException("snapshot " + id + " does not exist")));
    }

    private static BrowsableSnapshot browsable(SnapshotRecord record) {
        if (!record.status().usable()) {
            throw new ConflictException("snapshot " + record.hostName() + "/" + record.name() + " is "
                    + record.status().dbValue() + ": only complete and partial snapshots can be browsed");
        }
        return new BrowsableSnapshot(record);
    }

    /**
     * A page of the directory at {@code path}, or that one entry when it is not a directory.
     * Reads every name of the directory (one getdents64 per 32 KiB) but stats only the page.
     */
    public DirectoryPage list(BrowsableSnapshot snapshot, SnapshotPath path, int offset, int limit, String actor) {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be 0 or more and limit 1 or more");
        }
        audit.record(actor, "snapshot.browse", snapshot.label(), "path=" + path);
        AccountNames names = AccountNames.current();
        try (SnapshotTree tree = trees.open(snapshot)) {
            FileEntry self = self(tree, path, names);
            if (!self.isDirectory()) {
                return new DirectoryPage(snapshot, path, self, List.of(self), 1, 0, limit);
            }
            try (DirectoryHandle dir = tree.openDirectory(path)) {
                List<DirectoryEntry> all = typed(dir, dir.list());
                all.sort(DIRECTORIES_FIRST);
                List<FileEntry> page = new ArrayList<>();
                for (int i = offset; i < Math.min(all.size(), offset + (long) limit); i++) {
                    EntryName name = all.get(i).name();
                    EntryStat stat = dir.stat(name);
                    if (stat != null) {
                        page.add(TreeAccess.entry(dir, name, path.resolve(name), stat, names));
                    }
                }
                return new DirectoryPage(snapshot, path, self, page, all.size(), offset, limit);
            }
        } catch (IOException e) {
            throw TreeAccess.problem(e, snapshot, path);
        }
    }

    private static FileEntry self(SnapshotTree tree, SnapshotPath path, AccountNames names) throws IOException {
        if (path.isRoot()) {
            return new FileEntry(null, path, tree.data().stat(), null, null, null);
        }
        try (DirectoryHandle parent = tree.openDirectory(path.parent())) {
            EntryStat stat = parent.stat(path.fileName());
            if (stat == null) {
                throw new java.nio.file.NoSuchFileException(path.toString());
            }
            return TreeAccess.entry(parent, path.fileName(), path, stat, names);
        }
    }

    /** Entries whose type the file system did not record (d_type unknown) get it from a stat. */
    private static List<DirectoryEntry> typed(DirectoryHandle dir, List<DirectoryEntry> entries) throws IOException {
        List<DirectoryEntry> typed = new ArrayList<>(entries.size());
        for (DirectoryEntry e : entries) {
            if (e.type() != null) {
                typed.add(e);
                continue;
            }
            EntryStat stat = dir.stat(e.name());
            if (stat != null) {
                typed.add(new DirectoryEntry(e.name(), stat.type()));
            }
        }
        return typed;
    }

    /**
     * Every complete or partial snapshot of the host that holds {@code path}, newest first, each
     * saying whether it is the same file as in the snapshot before ({@link FileVersion}).
     */
    public List<FileVersion> versions(String hostName, SnapshotPath path, String actor) {
        Host host = hosts.get(hostName);
        audit.record(actor, "snapshot.versions", host.name(), "path=" + path);
        List<SnapshotRecord> usable = new ArrayList<>(snapshots.findByHost(host.id()).stream()
                .filter(s -> s.status().usable()).toList());
        usable.sort(Comparator.comparing(SnapshotRecord::name)); // oldest first, to compare each with the one before
        AccountNames names = AccountNames.current();
        List<FileVersion> versions = new ArrayList<>();
        FileVersion previous = null;
        for (SnapshotRecord record : usable) {
            FileEntry entry = find(new BrowsableSnapshot(record), path, names);
            if (entry == null) {
                previous = null; // gone in between: a later copy is not "unchanged since" the earlier one
                continue;
            }
            boolean same = previous != null && entry.stat().sameFileAs(previous.stat());
            Boolean sameAsPrevious = previous == null || entry.isDirectory() ? null : same;
            String since = same ? (previous.unchangedSince() != null ? previous.unchangedSince()
                    : previous.snapshot().name()) : null;
            previous = new FileVersion(record, entry.stat(), entry.linkTarget(), sameAsPrevious, since);
            versions.add(previous);
        }
        java.util.Collections.reverse(versions);
        return versions;
    }

    /**
     * The entry at {@code path} of one snapshot; null when the snapshot does not hold it: not on
     * disk, no such name, or a symlink or a file where that snapshot had no directory (the host's
     * layout changed in between). Only a denied read is an error: it would hide a version.
     */
    private FileEntry find(BrowsableSnapshot snapshot, SnapshotPath path, AccountNames names) {
        try (SnapshotTree tree = trees.open(snapshot)) {
            return self(tree, path, names);
        } catch (NotFoundException e) {
            return null;
        } catch (java.nio.file.AccessDeniedException e) {
            throw TreeAccess.problem(e, snapshot, path);
        } catch (java.nio.file.FileSystemException e) {
            return null;
        } catch (IOException e) {
            throw TreeAccess.problem(e, snapshot, path);
        }
    }

    /**
     * Entries below {@code under} whose name contains {@code query}, ignoring case, as shown
     * (escaped); at most {@link #SEARCH_MAX_RESULTS}, for at most {@link #SEARCH_MAX_MILLIS}.
     */
    public SearchResults search(BrowsableSnapshot snapshot, SnapshotPath under, String query, String actor) {
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        if (needle.isEmpty() || needle.length() > 200) {
            throw new IllegalArgumentException("search for a part of a name (1 to 200 characters)");
        }
        audit.record(actor, "snapshot.search", snapshot.label(), "path=" + under + " query=" + query.strip());
        AccountNames names = AccountNames.current();
        long deadline = clock.millis() + SEARCH_MAX_MILLIS;
        List<FileEntry> matches = new ArrayList<>();
        long[] scanned = {0};
        boolean[] timedOut = {false};
        try (SnapshotTree tree = trees.open(snapshot); DirectoryHandle start = tree.openDirectory(under)) {
            TreeWalk.walk(start, under, new TreeWalk.Visitor() {
                @Override
                public boolean entry(TreeWalk walk, EntryName name, EntryStat stat) throws IOException {
                    if (++scanned[0] % 1024 == 0 && clock.millis() > deadline) {
                        timedOut[0] = true;
                        walk.stop();
                    }
                    if (name.escaped().toLowerCase(Locale.ROOT).contains(needle)) {
                        matches.add(TreeAccess.entry(walk.directory(), name, walk.pathOf(name), stat, names));
                        if (matches.size() >= SEARCH_MAX_RESULTS) {
                            walk.stop();
                        }
                    }
                    return stat.isDirectory();
                }

                @Override
                public void unreadable(TreeWalk walk, EntryName name, IOException e) {
                    // a directory that cannot be read is not searched; the rest is
                }
            });
        } catch (IOException e) {
            throw TreeAccess.problem(e, snapshot, under);
        }
        return new SearchResults(snapshot, under, query.strip(), matches, scanned[0],
                matches.size() >= SEARCH_MAX_RESULTS, timedOut[0]);
    }
}
