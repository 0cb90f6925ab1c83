package org.pobsync.engine.discovery;

import org.pobsync.engine.rsync.HostValues;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.pobsync.engine.SnapshotState;
import org.pobsync.engine.btrfs.Btrfs;
import org.pobsync.engine.layout.SnapshotName;
import org.pobsync.engine.discovery.SnapshotJsonReader.SnapshotJson;

/**
 * Finds the snapshots under a backup root (SPEC §6). Read-only: it never writes, never follows a
 * symlink, and never crosses into another filesystem. Directories and files it does not
 * recognise are ignored, so an operator's notes or a {@code lost+found} do no harm.
 */
public final class SnapshotScanner {

    /** The host name rule of SPEC §3: a host's name is also its directory's name. */
    static final String INCOMPLETE_SUFFIX = ".incomplete";
    /**
     * Snapshot trees walked at once when measuring. The walk is bound by lstat calls, which
     * scale with cores; more threads than cores only adds contention.
     */
    private static final int SIZE_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

    private static final Comparator<DiscoveredSnapshot> ORDER = Comparator.comparing(DiscoveredSnapshot::host)
            .thenComparing(DiscoveredSnapshot::name)
            .thenComparing(DiscoveredSnapshot::status);

    private final Path root;
    private final SnapshotJsonReader metadata = new SnapshotJsonReader();
    private final Btrfs btrfs = new Btrfs();

    public SnapshotScanner(Path backupRoot) {
        this.root = Objects.requireNonNull(backupRoot, "backupRoot");
    }

    /**
     * Every snapshot of every host, sorted by host, then name (oldest first); a renamed snapshot
     * sorts before a {@code .incomplete} directory of the same name, should both exist.
     *
     * @throws IOException when the backup root itself cannot be listed
     */
    public List<DiscoveredSnapshot> scanAll(SizeMode sizes) throws IOException {
        List<DiscoveredSnapshot> found = new ArrayList<>();
        try (DirectoryStream<Path> hosts = Files.newDirectoryStream(root)) {
            for (Path hostDir : hosts) {
                String host = hostDir.getFileName().toString();
                if (HostValues.isHostName(host) && isRealDirectory(hostDir)) {
                    found.addAll(scanHostDir(host, hostDir, sizes));
                }
            }
        }
        found.sort(ORDER);
        return found;
    }

    /**
     * The snapshots of one host, oldest first; empty when the host has no directory yet.
     *
     * @throws IllegalArgumentException for a name that cannot be a host directory
     */
    public List<DiscoveredSnapshot> scanHost(String host, SizeMode sizes) throws IOException {
        if (!HostValues.isHostName(host)) {
            throw new IllegalArgumentException("not a valid host name: " + host);
        }
        Path hostDir = root.resolve(host);
        if (!isRealDirectory(hostDir)) {
            return List.of();
        }
        return scanHostDir(host, hostDir, sizes);
    }

    private List<DiscoveredSnapshot> scanHostDir(String host, Path hostDir, SizeMode sizes) throws IOException {
        List<DiscoveredSnapshot> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(hostDir)) {
            for (Path entry : entries) {
                recognise(host, entry).ifPresent(found::add);
            }
        } catch (NoSuchFileException e) {
            return List.of(); // the host directory vanished while we looked
        }
        found.sort(ORDER);
        if (sizes == SizeMode.WITH_SIZES && !found.isEmpty()) {
            measure(found);
        }
        return found;
    }

    /**
     * Plain directories share files by hard link, so they are measured together; btrfs
     * snapshots share extents, which only the file system can count, and their inode numbers
     * are per subvolume, so they must not be matched against the plain ones.
     */
    private void measure(List<DiscoveredSnapshot> found) throws IOException {
        List<Integer> plain = new ArrayList<>();
        List<Integer> subvolumes = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            (Btrfs.isSubvolume(found.get(i).path()) ? subvolumes : plain).add(i);
        }
        if (!plain.isEmpty()) {
            SnapshotSizes[] measured = new HostSizer(SIZE_THREADS).measure(pathsOf(found, plain));
            for (int k = 0; k < measured.length; k++) {
                found.set(plain.get(k), found.get(plain.get(k)).withSizes(measured[k]));
            }
        }
        if (!subvolumes.isEmpty()) {
            SnapshotSizes[] measured = SubvolumeSizes.measure(pathsOf(found, subvolumes), SIZE_THREADS, btrfs);
            for (int k = 0; k < measured.length; k++) {
                found.set(subvolumes.get(k), found.get(subvolumes.get(k)).withSizes(measured[k]));
            }
        }
    }

    private static List<Path> pathsOf(List<DiscoveredSnapshot> found, List<Integer> indexes) {
        return indexes.stream().map(i -> found.get(i).path()).toList();
    }

    private Optional<DiscoveredSnapshot> recognise(String host, Path entry) {
        String fileName = entry.getFileName().toString();
        boolean incomplete = fileName.endsWith(INCOMPLETE_SUFFIX);
        String nameText = incomplete ? fileName.substring(0, fileName.length() - INCOMPLETE_SUFFIX.length()) : fileName;
        Optional<SnapshotName> name = SnapshotName.parse(nameText);
        if (name.isEmpty() || !isRealDirectory(entry)) {
            return Optional.empty();
        }
        SnapshotJsonReader.Result read = metadata.read(entry);
        SnapshotJson json = read.json();
        SnapshotState status = incomplete ? SnapshotState.INCOMPLETE
                : "partial".equals(json.status()) ? SnapshotState.PARTIAL : SnapshotState.COMPLETE;
        Instant startedAt = json.startedAt() != null ? json.startedAt() : name.get().time();
        return Optional.of(new DiscoveredSnapshot(host, name.get().value(), entry, status, startedAt,
                json.finishedAt(), json.baseSnapshot(), json.stats(), read.source(), null));
    }

    /** A directory and not a symlink to one: links under the backup root are never followed. */
    private static boolean isRealDirectory(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isDirectory();
        } catch (IOException e) {
            return false;
        }
    }
}
