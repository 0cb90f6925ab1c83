package org.pobsync.credentials;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.pobsync.audit.AuditLog;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.layout.DiskUsage;
import org.pobsync.engine.rsync.RsyncCommand;
import org.pobsync.engine.rsync.SourcePathCheck;
import org.pobsync.engine.ssh.ProbeResult;
import org.pobsync.format.Human;
import org.pobsync.hosts.Host;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.snapshots.SnapshotRepository;

/**
 * "Test connection": whether a backup of the host could run now, not only whether ssh logs in.
 * After the login test ({@link CredentialService#testConnection}) it lists the source paths as
 * the backup's user (with sudo when set) and compares the backup root's free space with the
 * last snapshot's size. The first problem a backup would fail on makes the test fail.
 */
public final class ConnectionTest {

    private final CredentialService credentials;
    private final GlobalConfigService globalConfig;
    private final SnapshotRepository snapshots;
    private final AuditLog audit;

    public ConnectionTest(CredentialService credentials, GlobalConfigService globalConfig,
                          SnapshotRepository snapshots, AuditLog audit) {
        this.credentials = credentials;
        this.globalConfig = globalConfig;
        this.snapshots = snapshots;
        this.audit = audit;
    }

    public ProbeResult run(Host host, String actor) {
        ProbeResult login = credentials.testConnection(host, actor);
        if (!login.ok()) {
            return login;
        }
        GlobalConfig g = globalConfig.get();
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        checkPaths(host, g, problems, notes);
        checkFreeSpace(host, g, problems, notes);
        ProbeResult result = login;
        for (String note : notes) {
            result = result.withNote(note);
        }
        if (!problems.isEmpty()) {
            result = ProbeResult.failedCheck(login.message() + ", but " + String.join("; ", problems));
        }
        audit.record(actor, "host.test", host.name(), result.message());
        return result;
    }

    private void checkPaths(Host host, GlobalConfig g, List<String> problems, List<String> notes) {
        BackupRequest request = credentials.backupRequest(host, g, true, Path.of("/dev/null"));
        SourcePathCheck.Outcome paths = new SourcePathCheck(new RsyncCommand("rsync", "ssh")).check(request);
        if (paths.problem() != null) {
            problems.add("the source paths could not be listed: " + paths.problem());
            return;
        }
        if (!paths.missing().isEmpty()) {
            String missing = "remote path missing: " + String.join(", ", paths.missing());
            if (host.missingPathsAreWarnings()) {
                notes.add(missing + " (a warning for this host)");
            } else {
                problems.add(missing);
            }
        }
        if (!paths.unreadable().isEmpty()) {
            problems.add((host.useSudo() ? "sudo rsync" : "the login user") + " cannot read "
                    + String.join(", ", paths.unreadable()));
        }
        if (paths.missing().isEmpty() && paths.unreadable().isEmpty()) {
            int n = host.sourcePaths().size();
            notes.add(n == 1 ? "the source path is readable" : "all " + n + " source paths are readable");
        }
    }

    private void checkFreeSpace(Host host, GlobalConfig g, List<String> problems, List<String> notes) {
        DiskUsage disk = DiskUsage.of(g.backupRoot());
        if (!disk.exists()) {
            problems.add("the backup root " + g.backupRoot() + " does not exist");
            return;
        }
        Long last = snapshots.latestUsable(host.id()).map(SnapshotRecord::totalBytes).orElse(null);
        if (last != null && disk.freeBytes() < last) {
            problems.add("the backup root has " + Human.bytes(disk.freeBytes()) + " free, less than the last"
                    + " snapshot's " + Human.bytes(last));
        } else {
            notes.add(Human.bytes(disk.freeBytes()) + " free on the backup root"
                    + (last == null ? "" : " (last snapshot " + Human.bytes(last) + ")"));
        }
    }
}
