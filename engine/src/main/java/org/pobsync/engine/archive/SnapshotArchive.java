package org.pobsync.engine.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pobsync.engine.tree.DirectoryHandle;
import org.pobsync.engine.tree.EntryName;
import org.pobsync.engine.tree.EntryStat;
import org.pobsync.engine.tree.OpenedFile;
import org.pobsync.engine.tree.SnapshotPath;
import org.pobsync.engine.tree.SnapshotTree;
import org.pobsync.engine.tree.TreeWalk;

/**
 * Streams a selection of one snapshot as an archive while walking it by handle: nothing is
 * staged, one buffer carries every file, so memory stays flat however large the selection is.
 * The only state that grows is the table of files with several links (inode to first name, so
 * tar can write the others as hard links), bounded at {@link #MAX_LINKED} entries; past that,
 * further names of a linked file are stored as copies, which costs space, never correctness.
 * An entry that cannot be read ends the archive with an exception, so a download is never
 * silently incomplete: the receiving tar or unzip reports a truncated archive.
 */
public final class SnapshotArchive {

    /** How many multiply-linked files are remembered for hard links (about 100 bytes each). */
    static final int MAX_LINKED = 200_000;

    /** What went in: entries written, file bytes copied, entries the format cannot hold (sockets; devices in zip). */
    public record Result(long entries, long bytes, long skipped) {
    }

    private final SnapshotTree tree;
    private final ArchiveSelection selection;
    private final Map<Long, String> firstNames = new HashMap<>();
    private ArchiveSink sink;
    private long entries;
    private long bytes;
    private long skipped;

    private SnapshotArchive(SnapshotTree tree, ArchiveSelection selection) {
        this.tree = tree;
        this.selection = selection;
    }

    /** Writes the archive to {@code out} and finishes it; {@code out} itself is left open. */
    public static Result write(SnapshotTree tree, ArchiveSelection selection, ArchiveFormat format, OutputStream out)
            throws IOException {
        return new SnapshotArchive(tree, selection).run(format, new NonClosingOutputStream(out));
    }

    private Result run(ArchiveFormat format, OutputStream out) throws IOException {
        sink = format == ArchiveFormat.TAR_GZ ? new TarSink(out) : new ZipSink(out);
        boolean finished = false;
        try {
            for (SnapshotPath path : selection.paths()) {
                add(path);
            }
            sink.finish();
            finished = true;
        } finally {
            if (!finished) {
                sink.abort();
            }
        }
        return new Result(entries, bytes, skipped);
    }

    private void add(SnapshotPath path) throws IOException {
        if (path.equals(selection.base())) {
            try (DirectoryHandle dir = tree.openDirectory(path)) {
                walk(dir, path);
            }
            return;
        }
        try (DirectoryHandle parent = tree.openDirectory(path.parent())) {
            EntryStat stat = parent.stat(path.fileName());
            if (stat == null) {
                throw new java.nio.file.NoSuchFileException(path.toString());
            }
            if (entry(parent, path.fileName(), archiveName(path), stat)) {
                try (DirectoryHandle dir = parent.openDirectory(path.fileName())) {
                    walk(dir, path);
                }
            }
        }
    }

    private void walk(DirectoryHandle dir, SnapshotPath path) throws IOException {
        TreeWalk.walk(dir, path, new TreeWalk.Visitor() {
            @Override
            public boolean entry(TreeWalk walk, EntryName name, EntryStat stat) throws IOException {
                return SnapshotArchive.this.entry(walk.directory(), name, archiveName(walk.pathOf(name)), stat);
            }
        });
    }

    /** Writes one entry; true for a directory whose contents come next. */
    private boolean entry(DirectoryHandle parent, EntryName name, String archiveName, EntryStat stat)
            throws IOException {
        entries++;
        switch (stat.type()) {
            case DIRECTORY -> {
                sink.directory(archiveName, stat);
                return true;
            }
            case FILE -> file(parent, name, archiveName, stat);
            case SYMLINK -> sink.symlink(archiveName, stat,
                    new String(parent.readLink(name), StandardCharsets.ISO_8859_1));
            default -> {
                if (!sink.special(archiveName, stat)) {
                    entries--;
                    skipped++;
                }
            }
        }
        return false;
    }

    private void file(DirectoryHandle parent, EntryName name, String archiveName, EntryStat stat) throws IOException {
        if (stat.nlink() > 1) {
            String first = firstNames.get(stat.inode());
            if (first != null && sink.hardLink(archiveName, stat, first)) {
                return;
            }
            if (first == null && firstNames.size() < MAX_LINKED) {
                firstNames.put(stat.inode(), archiveName);
            }
        }
        try (OpenedFile opened = parent.openFile(name)) {
            sink.file(archiveName, opened.stat(), opened.channel());
            bytes += opened.stat().size();
        }
    }

    /** The name in the archive: the path relative to the selection's base, bytes as chars. */
    private String archiveName(SnapshotPath path) {
        List<EntryName> names = path.relativeTo(selection.base());
        StringBuilder out = new StringBuilder();
        for (EntryName n : names) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(n.latin1());
        }
        return out.toString();
    }
}
