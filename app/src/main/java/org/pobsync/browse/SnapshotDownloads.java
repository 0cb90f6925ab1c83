package org.pobsync.browse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.stream.Collectors;
import org.pobsync.audit.AuditLog;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.engine.archive.ArchiveFormat;
import org.pobsync.engine.archive.ArchiveSelection;
import org.pobsync.engine.archive.SnapshotArchive;
import org.pobsync.engine.tree.EntryStat;
import org.pobsync.engine.tree.OpenedFile;
import org.pobsync.engine.tree.SnapshotPath;
import org.pobsync.engine.tree.SnapshotTree;

/**
 * Getting files out of a snapshot: one file as it is, or a directory or a selection as a
 * streamed archive. Both read by handle below {@code data/} (symlinks are archived as symlinks,
 * never followed), both are audited with who, which snapshot and which paths, and both check
 * everything they can before the first byte goes out, so a bad request is an error page, not a
 * broken download.
 */
public final class SnapshotDownloads {

    /** At most this many paths in one selection. */
    public static final int MAX_SELECTION = 1000;

    /** An open regular file; the caller streams it (ranges included) and closes it. */
    public record FileDownload(BrowsableSnapshot snapshot, SnapshotPath path, EntryStat stat, FileChannel channel)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Writes the archive when the response is ready for it. */
    public interface ArchiveWriter {
        SnapshotArchive.Result writeTo(OutputStream out) throws IOException;
    }

    /** A checked archive request: its file name, its format, and the writer that streams it. */
    public record ArchiveDownload(String fileName, ArchiveFormat format, ArchiveWriter writer) {
    }

    private final TreeAccess trees;
    private final AuditLog audit;

    public SnapshotDownloads(GlobalConfigService config, AuditLog audit) {
        this.trees = new TreeAccess(config);
        this.audit = audit;
    }

    /** Opens the regular file at {@code path}; a directory, symlink or device is refused (400). */
    public FileDownload openFile(BrowsableSnapshot snapshot, SnapshotPath path, String actor) {
        try (SnapshotTree tree = trees.open(snapshot)) {
            OpenedFile file = tree.openFile(path);
            audit.record(actor, "snapshot.download", snapshot.label(), "path=" + path + " size=" + file.stat().size());
            return new FileDownload(snapshot, path, file.stat(), file.channel());
        } catch (IOException e) {
            throw TreeAccess.problem(e, snapshot, path);
        }
    }

    /**
     * Checks that every selected path exists (404 otherwise) and returns the writer of the
     * archive; the archive is written when the caller hands it a stream.
     */
    public ArchiveDownload archive(BrowsableSnapshot snapshot, ArchiveSelection selection, ArchiveFormat format,
                                   String actor) {
        if (selection.paths().size() > MAX_SELECTION) {
            throw new IllegalArgumentException("at most " + MAX_SELECTION + " paths can be downloaded at once");
        }
        try (SnapshotTree tree = trees.open(snapshot)) {
            for (SnapshotPath path : selection.paths()) {
                EntryStat stat = tree.stat(path);
                if (stat == null) {
                    throw new java.nio.file.NoSuchFileException(path.toString());
                }
                if (path.equals(selection.base()) && !stat.isDirectory()) {
                    throw new IllegalArgumentException(path + " is not a directory");
                }
            }
        } catch (IOException e) {
            throw TreeAccess.problem(e, snapshot, selection.base());
        }
        String paths = selection.paths().stream().map(SnapshotPath::toString).collect(Collectors.joining(", "));
        audit.record(actor, "snapshot.archive", snapshot.label(), "format=" + format.extension() + " paths="
                + (paths.length() > 2000 ? paths.substring(0, 2000) + "…" : paths));
        return new ArchiveDownload(fileName(snapshot, selection, format), format, out -> {
            try (SnapshotTree tree = trees.open(snapshot)) {
                return SnapshotArchive.write(tree, selection, format, out);
            }
        });
    }

    /** {@code web1-20261123T021500Z-ssh.tar.gz}: host, snapshot, and what is in it, in safe characters. */
    static String fileName(BrowsableSnapshot snapshot, ArchiveSelection selection, ArchiveFormat format) {
        List<SnapshotPath> paths = selection.paths();
        SnapshotPath named = paths.size() == 1 ? paths.get(0) : selection.base();
        String what = named.isRoot() ? "all" : named.fileName().escaped();
        String name = snapshot.host() + "-" + snapshot.name() + "-" + what;
        return name.replaceAll("[^A-Za-z0-9._-]", "_") + "." + format.extension();
    }
}
