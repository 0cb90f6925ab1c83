package org.pobsync.selfcheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.pobsync.AppContext;
import org.pobsync.config.GlobalConfig;
import org.pobsync.engine.Transport;
import org.pobsync.engine.process.CommandOutput;
import org.pobsync.engine.process.ProcessCommand;
import org.pobsync.engine.process.ProcessRunner;
import org.pobsync.engine.ssh.KeyFileCheck;
import org.pobsync.format.Human;
import org.pobsync.hosts.Host;
import org.pobsync.status.Heartbeats;
import org.pobsync.status.StatusService;

/**
 * The checks behind `pobsync manage check` and the Self Check page: each says OK, WARN or FAIL
 * with a one-line hint an operator can act on.
 */
public final class SelfCheck {

    static final long LOW_FREE_BYTES = 10L * 1024 * 1024 * 1024;
    static final Duration HEARTBEAT_FRESH = Duration.ofMinutes(5);

    private final AppContext app;

    public SelfCheck(AppContext app) {
        this.app = app;
    }

    public List<CheckResult> run(boolean deploy) {
        List<CheckResult> results = new ArrayList<>();
        results.add(binary("rsync", "rsync", "--version", "apt-get install rsync"));
        results.add(binary("ssh", "ssh", "-V", "apt-get install openssh-client"));
        results.add(database());
        GlobalConfig g = app.globalConfig().get();
        results.add(backupRoot(g.backupRoot()));
        results.add(serverKey());
        results.addAll(hostKeys());
        if (deploy) {
            results.add(heartbeat("scheduler", "scheduler"));
            results.add(heartbeat("worker", "worker:"));
        }
        results.addAll(recentBackups());
        return results;
    }

    CheckResult binary(String name, String program, String versionFlag, String installHint) {
        try {
            CommandOutput out = new ProcessRunner().run(ProcessCommand.of(program, versionFlag), Duration.ofSeconds(10));
            String first = (out.stdoutText() + "\n" + out.stderrText()).strip().lines().findFirst().orElse("");
            if (out.exitCode() != 0) {
                return CheckResult.fail(name, program + " " + versionFlag + " exited " + out.exitCode(), installHint);
            }
            if (program.equals("rsync") && !rsyncAtLeast32(first)) {
                return CheckResult.fail(name, first, "pobsync needs rsync 3.2 or newer");
            }
            return CheckResult.ok(name, first);
        } catch (Exception e) {
            return CheckResult.fail(name, program + " not found on PATH", installHint);
        }
    }

    static boolean rsyncAtLeast32(String versionLine) {
        var m = java.util.regex.Pattern.compile("version\\s+v?(\\d+)\\.(\\d+)").matcher(versionLine);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 3 || (major == 3 && minor >= 2);
    }

    CheckResult database() {
        try {
            boolean current = app.migrations().current();
            String kind = app.database().dialect().name().toLowerCase(java.util.Locale.ROOT);
            return current ? CheckResult.ok("database", kind + " reachable, migrations current")
                    : CheckResult.fail("database", kind + " reachable, migrations pending", "run: pobsync manage migrate");
        } catch (RuntimeException e) {
            return CheckResult.fail("database", "not reachable: " + e.getMessage(),
                    "check POBSYNC_DATABASE_URL, user and password");
        }
    }

    static CheckResult backupRoot(Path root) {
        if (!Files.isDirectory(root)) {
            Path parent = root.getParent();
            boolean creatable = parent != null && Files.isDirectory(parent) && Files.isWritable(parent);
            return creatable
                    ? CheckResult.warn("backup root", root + " does not exist yet", "the first backup creates it")
                    : CheckResult.fail("backup root", root + " does not exist and cannot be created",
                    "create it and give the pobsync user write access");
        }
        if (!Files.isWritable(root)) {
            return CheckResult.fail("backup root", root + " is not writable", "give the pobsync user write access");
        }
        StatusService.DiskUsage d = StatusService.disk(root);
        String msg = root + ": " + Human.bytes(d.freeBytes()) + " free of " + Human.bytes(d.totalBytes());
        return d.freeBytes() < LOW_FREE_BYTES
                ? CheckResult.warn("backup root", msg, "less than 10 GiB free; prune or add space")
                : CheckResult.ok("backup root", msg);
    }

    CheckResult serverKey() {
        KeyFileCheck c = app.credentials().keyStore().check();
        return switch (c.status()) {
            case OK -> CheckResult.ok("ssh key", c.message());
            case WARN -> CheckResult.warn("ssh key", c.message(), null);
            case FAIL -> CheckResult.fail("ssh key", c.message(), null);
        };
    }

    List<CheckResult> hostKeys() {
        List<CheckResult> results = new ArrayList<>();
        List<String> unpinned = new ArrayList<>();
        for (Host h : app.hosts().list()) {
            if (h.enabled() && h.transport() == Transport.SSH && app.credentials().pinned(h).isEmpty()) {
                unpinned.add(h.name());
            }
        }
        results.add(unpinned.isEmpty() ? CheckResult.ok("host keys", "every enabled ssh host has a pinned key")
                : CheckResult.fail("host keys", "not pinned: " + String.join(", ", unpinned),
                "pobsync manage host-key <host> --scan, or the SSH page"));
        return results;
    }

    CheckResult heartbeat(String name, String componentPrefix) {
        Instant now = app.clock().instant();
        Heartbeats.Heartbeat newest = null;
        for (Heartbeats.Heartbeat hb : app.heartbeats().all()) {
            if (hb.component().startsWith(componentPrefix)
                    && (newest == null || hb.lastSeenAt().isAfter(newest.lastSeenAt()))) {
                newest = hb;
            }
        }
        if (newest == null) {
            return CheckResult.fail(name, "has never run", "start pobsync-" + name + " (systemctl start pobsync-" + name + ")");
        }
        String seen = "last seen " + Human.age(newest.lastSeenAt(), now) + " on " + newest.hostname();
        return newest.lastSeenAt().plus(HEARTBEAT_FRESH).isBefore(now)
                ? CheckResult.fail(name, seen, "is pobsync-" + name + " running? journalctl -u pobsync-" + name)
                : CheckResult.ok(name, seen);
    }

    List<CheckResult> recentBackups() {
        Instant now = app.clock().instant();
        List<String> stale = new ArrayList<>();
        for (Host h : app.hosts().list()) {
            if (app.status().hostStatus(h, now).stale()) {
                stale.add(h.name());
            }
        }
        return List.of(stale.isEmpty()
                ? CheckResult.ok("recent backups", "every enabled host has a good snapshot from the last "
                + StatusService.STALE_AFTER_HOURS + " h")
                : CheckResult.warn("recent backups", "no good snapshot in " + StatusService.STALE_AFTER_HOURS + " h: "
                + String.join(", ", stale), "check the hosts' last runs"));
    }
}
