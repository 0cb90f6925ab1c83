package org.pobsync.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.pobsync.app.AppContext;
import org.pobsync.engine.ssh.HostKey;
import org.pobsync.hosts.Host;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunStatus;
import org.pobsync.runs.RunTrigger;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.Commands;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.users.ApiTokenService;

/**
 * A host with everything the API shows filled in (schedule, pinned key, runs, snapshots), and
 * API tokens of users in each state, on the shared web test database.
 */
final class ApiSamples {

    /** The sample host: its name, a finished run and a snapshot of it. */
    record Sample(Host host, BackupRun run, SnapshotRecord snapshot) {
    }

    private ApiSamples() {
    }

    static Sample host(WebFixture fixture, String prefix) {
        AppContext app = fixture.app();
        Host host = fixture.newHost(prefix);
        app.schedules().configure(host.name(), "15 2 * * *", "UTC", true, true, "test");
        app.credentials().pin(host, List.of(hostKey(fixture.dir())), "test");
        BackupRun run = app.runs().startForeground(host.name(), RunTrigger.CLI, false, false, "test");
        app.runs().finish(run, RunStatus.FAILED, 255, "host unreachable: connection refused on port 22", null, null,
                null);
        long id = app.snapshots().insert(new SnapshotRecord(0, host.id(), host.name(), "20260301T021500Z",
                "/backups/" + host.name() + "/20260301T021500Z", SnapshotStatus.COMPLETE,
                Instant.parse("2026-03-01T02:15:00Z"), Instant.parse("2026-03-01T02:20:00Z"), null, null, 1204L,
                123_456_789L, 4096L, null, Instant.parse("2026-03-01T02:20:01Z"), null));
        return new Sample(host, app.runs().get(run.id()), app.snapshots().findById(id).orElseThrow());
    }

    /** A user with an API token; then, as asked, no longer staff or no longer active. */
    static String token(WebFixture fixture, String username, boolean staffAfterwards, boolean activeAfterwards) {
        AppContext app = fixture.app();
        app.users().create(username, null, WebFixture.PASSWORD, true, false, "test");
        ApiTokenService.Created created = app.apiTokens().create(username, "test script", "test");
        if (!staffAfterwards || !activeAfterwards) {
            app.users().setFlags(username, activeAfterwards, staffAfterwards, false, "test");
        }
        return created.secret();
    }

    private static HostKey hostKey(Path dir) {
        try {
            Path keyDir = Files.createTempDirectory(dir, "hostkey-");
            Commands.ok("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "api-sample", "-f",
                    keyDir.resolve("key").toString());
            return HostKey.parse(Files.readString(keyDir.resolve("key.pub")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
