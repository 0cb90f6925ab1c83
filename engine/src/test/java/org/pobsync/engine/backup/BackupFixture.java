package org.pobsync.engine.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.pobsync.engine.BackupListener;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.BackupResult;
import org.pobsync.engine.SshTarget;
import org.pobsync.engine.StoreSetting;
import org.pobsync.engine.Transport;
import org.pobsync.engine.layout.SnapshotEntry;
import org.pobsync.engine.layout.SnapshotLayout;
import org.pobsync.testsupport.LoopbackSshd;
import org.pobsync.testsupport.TestClock;
import org.pobsync.testsupport.TestEnvironment;

/**
 * Backups against a real rsync and a loopback sshd into a temporary backup root. Each run moves
 * the clock one minute on, so snapshot names are distinct and ordered.
 */
final class BackupFixture {

    static final String HOST = "web1";

    final Path root;
    final Path work;
    final TestClock clock = TestClock.at("2026-11-23T02:15:00Z");
    final BackupEngine engine;
    private int runs;
    BackupRequest lastRequest;

    /** The snapshot store setting of every request (auto unless a test says otherwise). */
    StoreSetting store = StoreSetting.AUTO;

    BackupFixture(Path work) {
        this(work, work.resolve("backups"));
    }

    /** @param root the backup root, e.g. a btrfs mount */
    BackupFixture(Path work, Path root) {
        TestEnvironment.requireBinary("rsync");
        TestEnvironment.requireBinary("ssh");
        this.work = work;
        this.root = root;
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.engine = new BackupEngine(clock, "rsync", "ssh", Duration.ofSeconds(2), "test-1.0");
    }

    /** A request builder for this fixture's host. */
    Request ssh(LoopbackSshd sshd, String... paths) {
        Path knownHosts = work.resolve("known_hosts");
        if (!Files.exists(knownHosts)) {
            sshd.writeKnownHosts(knownHosts);
        }
        Request r = new Request();
        r.transport = Transport.SSH;
        r.target = new SshTarget(sshd.address(), sshd.user(), sshd.port(), sshd.clientKey(), knownHosts,
                Duration.ofSeconds(5));
        r.paths = List.of(paths);
        return r;
    }

    Request local(String... paths) {
        Request r = new Request();
        r.transport = Transport.LOCAL;
        r.paths = List.of(paths);
        return r;
    }

    final class Request {
        Transport transport;
        SshTarget target;
        List<String> paths;
        List<String> excludes = List.of();
        List<String> options = List.of();
        Integer bwlimit;
        boolean dryRun;
        Duration timeout = Duration.ofSeconds(30);

        Request excludes(String... e) {
            excludes = List.of(e);
            return this;
        }

        Request bwlimit(int kbps) {
            bwlimit = kbps;
            return this;
        }

        Request dryRun() {
            dryRun = true;
            return this;
        }

        Request port(int port) {
            target = new SshTarget(target.address(), target.user(), port, target.identityFile(), target.knownHostsFile(),
                    target.connectTimeout());
            return this;
        }

        Request knownHosts(Path file) {
            target = new SshTarget(target.address(), target.user(), target.port(), target.identityFile(), file,
                    target.connectTimeout());
            return this;
        }

        BackupRequest build() {
            runs++;
            return new BackupRequest(HOST, transport, target, false, paths, excludes, options, bwlimit, timeout, dryRun,
                    root, work.resolve("logs/run-" + runs + ".log"), store);
        }

        BackupResult run() {
            return run(new RecordingListener());
        }

        BackupResult run(BackupListener listener) {
            clock.advance(Duration.ofMinutes(1));
            lastRequest = build();
            return engine.run(lastRequest, listener);
        }
    }

    /** The snapshot's copy of a source path: {@code <snapshot>/data/<absolute source path>}. */
    static Path inSnapshot(BackupResult result, Path source) {
        return result.snapshotPath().resolve("data").resolve(source.toString().substring(1));
    }

    List<String> entries() {
        try {
            List<String> names = new ArrayList<>();
            for (SnapshotEntry e : new SnapshotLayout(root).list(HOST)) {
                names.add(e.path().getFileName().toString());
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> hostDirListing() {
        try (var s = Files.list(root.resolve(HOST))) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(java.util.stream.Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The run log of the last run. */
    String lastLog() {
        try {
            return Files.readString(lastRequest.logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
