package org.pobsync.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pobsync.hosts.Host;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;

/**
 * Snapshots that exist on disk as well as in the database, under the fixture's backup root:
 * {@code <root>/<host>/<name>/data/}, filled by the caller (or with the {@link TrickyTree}).
 */
public final class SnapshotsOnDisk {

    private SnapshotsOnDisk() {
    }

    /** The record and an empty {@code data/} directory; returns the data directory. */
    public static Path create(WebFixture fixture, Host host, String name, SnapshotStatus status) {
        fixture.snapshot(host, name, status, null);
        try {
            Path root = fixture.app().globalConfig().get().backupRoot();
            String dir = status == SnapshotStatus.INCOMPLETE ? name + ".incomplete" : name;
            return Files.createDirectories(root.resolve(host.name()).resolve(dir).resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SnapshotRecord record(WebFixture fixture, Host host, String name) {
        return fixture.app().snapshots().find(host.id(), name).orElseThrow();
    }
}
