package org.pobsync.selfcheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.credentials.CredentialService;
import org.pobsync.credentials.PinnedHostKey;
import org.pobsync.db.Database;
import org.pobsync.db.DatabaseCreation;
import org.pobsync.db.DatabaseFaults;
import org.pobsync.db.Migrations;
import org.pobsync.engine.Transport;
import org.pobsync.engine.layout.DiskUsage;
import org.pobsync.engine.process.CommandOutput;
import org.pobsync.engine.process.ProcessCommand;
import org.pobsync.engine.process.ProcessRunner;
import org.pobsync.engine.ssh.KeyFileCheck;
import org.pobsync.engine.store.BtrfsSupport;
import org.pobsync.engine.store.StoreChoice;
import org.pobsync.format.Human;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.runs.BackupService;
import org.pobsync.status.HostOverview;
import org.pobsync.status.HostSummary;
import org.pobsync.status.StatusService;

/**
 * The checks behind `pobsync manage check` and the Self Check page: each says OK, WARN or FAIL
 * with a one-line hint an operator can act on.
 *
 * <p>Programs are looked up on an explicit search path (the PATH of the environment the command
 * or panel runs in) and started by absolute path: the JVM resolves a bare program name with the
 * PATH it was started with, whatever the child's environment says, so a check that only set
 * the child's PATH would report on a different rsync than the one it names.
 */
public final class SelfCheck {

    static final long LOW_FREE_BYTES = 10L * 1024 * 1024 * 1024;
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Database database;
    private final Migrations migrations;
    private final GlobalConfigService globalConfig;
    private final HostService hosts;
    private final CredentialService credentials;
    private final Heartbeats heartbeats;
    private final StatusService status;
    private final HostOverview overview;
    private final BackupService backups;
    private final Clock clock;

    public SelfCheck(Database database, Migrations migrations, GlobalConfigService globalConfig, HostService hosts,
                     CredentialService credentials, Heartbeats heartbeats, StatusService status, HostOverview overview,
                     BackupService backups, Clock clock) {
        this.database = database;
        this.migrations = migrations;
        this.globalConfig = globalConfig;
        this.hosts = hosts;
        this.credentials = credentials;
        this.heartbeats = heartbeats;
        this.status = status;
        this.overview = overview;
        this.backups = backups;
        this.clock = clock;
    }

    /**
     * How long the dashboard's banner ({@link SelfCheckResults}) reuses the database's integrity
     * verdict: SQLite's quick_check reads the whole file (0.4 s of CPU for 280 MB), and a file
     * does not heal, so re-reading it every 30 s would only slow the panel. Self Check itself and
     * {@code manage check} always check afresh.
     */
    static final Duration INTEGRITY_REUSE = Duration.ofMinutes(10);

    private record Integrity(Optional<String> problem, Instant at) {
    }

    private volatile Integrity lastIntegrity;

    /** Every check, looking programs up on this process's PATH. */
    public List<CheckResult> run(boolean deploy) {
        return run(deploy, processPath());
    }

    /** As {@link #run(boolean)}, reusing an integrity verdict younger than {@link #INTEGRITY_REUSE}. */
    public List<CheckResult> runReusingIntegrity(boolean deploy) {
        return run(deploy, processPath(), true);
    }

    private static String processPath() {
        return System.getenv().getOrDefault("PATH", DEFAULT_PATH);
    }

    /**
     * Every check, looking programs up on {@code searchPath} (colon-separated, like PATH). A check
     * that fails to run is a FAIL line of its own; when the database itself fails, the checks
     * that read it are left out rather than each repeating that failure.
     */
    public List<CheckResult> run(boolean deploy, String searchPath) {
        return run(deploy, searchPath, false);
    }

    private List<CheckResult> run(boolean deploy, String searchPath, boolean reuseIntegrity) {
        String path = searchPath == null ? DEFAULT_PATH : searchPath;
        List<CheckResult> results = new ArrayList<>(programs(path));
        CheckResult db = database(reuseIntegrity);
        results.add(db);
        if (db.level() == CheckResult.Level.FAIL && !db.message().endsWith(PENDING)) {
            results.add(guard("ssh key", this::serverKey));
            return results;
        }
        results.add(guard("backup root", () -> backupRoot(globalConfig.get().backupRoot())));
        results.add(guard("snapshot store", this::snapshotStore));
        results.add(guard("ssh key", this::serverKey));
        results.addAll(guardAll("host keys", this::hostKeys));
        if (deploy) {
            results.add(guard("scheduler", () -> heartbeat("scheduler", "scheduler")));
            results.add(guard("worker", () -> heartbeat("worker", "worker:")));
        }
        results.addAll(guardAll("recent backups", this::recentBackups));
        return results;
    }

    /**
     * What can be checked when the database cannot even be opened: the programs, and the
     * database's own FAIL line saying why (`manage check` prints these instead of dying).
     */
    public static List<CheckResult> withoutDatabase(String searchPath, RuntimeException why) {
        List<CheckResult> results = new ArrayList<>(programs(searchPath == null ? DEFAULT_PATH : searchPath));
        results.add(databaseFailure(why));
        return results;
    }

    private static List<CheckResult> programs(String path) {
        return List.of(binary("rsync", "rsync", "--version", "apt-get install rsync", path),
                binary("ssh", "ssh", "-V", "apt-get install openssh-client", path));
    }

    private static CheckResult guard(String name, java.util.function.Supplier<CheckResult> check) {
        return guardAll(name, () -> List.of(check.get())).get(0);
    }

    private static List<CheckResult> guardAll(String name, java.util.function.Supplier<List<CheckResult>> checks) {
        try {
            return checks.get();
        } catch (RuntimeException e) {
            return List.of(CheckResult.fail(name, "could not be checked: " + DatabaseFaults.describe(e),
                    "pobsync manage check on the server says more"));
        }
    }

    static CheckResult binary(String name, String program, String versionFlag, String installHint,
                              String searchPath) {
        Optional<Path> found = locate(program, searchPath);
        if (found.isEmpty()) {
            return CheckResult.fail(name, program + " not found on PATH (" + searchPath + ")", installHint);
        }
        try {
            CommandOutput out = new ProcessRunner().run(ProcessCommand.of(found.get().toString(), versionFlag),
                    Duration.ofSeconds(10));
            String first = (out.stdoutText() + "\n" + out.stderrText()).strip().lines().findFirst().orElse("");
            if (out.exitCode() != 0) {
                return CheckResult.fail(name, program + " " + versionFlag + " exited " + out.exitCode(), installHint);
            }
            if (program.equals("rsync") && !rsyncAtLeast32(first)) {
                return CheckResult.fail(name, first, "pobsync needs rsync 3.2 or newer");
            }
            return CheckResult.ok(name, first);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.fail(name, "interrupted while running " + found.get(), installHint);
        } catch (RuntimeException e) {
            return CheckResult.fail(name, found.get() + " could not be run: " + e.getMessage(), installHint);
        }
    }

    /** The first executable {@code program} in the colon-separated {@code searchPath}, as execvp would find it. */
    static Optional<Path> locate(String program, String searchPath) {
        for (String dir : searchPath.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
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

    static final String PENDING = "migrations pending";

    /** Reachable, sound (SQLite's quick_check) and migrated. */
    CheckResult database() {
        return database(false);
    }

    private CheckResult database(boolean reuseIntegrity) {
        try {
            String kind = status.databaseKind();
            Optional<String> damaged = integrityProblem(reuseIntegrity);
            if (damaged.isPresent()) {
                return CheckResult.fail("database", kind + " file is damaged: " + damaged.get(), DAMAGED_HINT);
            }
            return migrations.current() ? CheckResult.ok("database", kind + " reachable, sound, migrations current")
                    : CheckResult.fail("database", kind + " reachable, " + PENDING, "run: pobsync manage migrate");
        } catch (RuntimeException e) {
            return databaseFailure(e);
        }
    }

    private Optional<String> integrityProblem(boolean reuse) {
        Instant now = clock.instant();
        Integrity last = lastIntegrity;
        if (reuse && last != null && now.isBefore(last.at().plus(INTEGRITY_REUSE))) {
            return last.problem();
        }
        Optional<String> problem = database.integrityProblem();
        lastIntegrity = new Integrity(problem, now);
        return problem;
    }

    private static final String DAMAGED_HINT = "stop the pobsync services; put back a copy of the database file, or"
            + " save what is readable: sqlite3 FILE .recover | sqlite3 NEW-FILE (README, Troubleshooting)";

    static CheckResult databaseFailure(RuntimeException e) {
        String hint = DatabaseFaults.isCorrupt(e) ? DAMAGED_HINT
                : e instanceof DatabaseCreation.MissingDatabaseException ? null
                : "check POBSYNC_DATABASE_URL, user and password, and that the database server runs";
        return CheckResult.fail("database", DatabaseFaults.describe(e), hint);
    }

    CheckResult backupRoot(Path root) {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            return CheckResult.fail("backup root", root + " exists but is not a directory",
                    "move that file away, or choose another backup root (pobsync manage configure-global)");
        }
        String problem = globalConfig.backupRootProblem();
        if (problem != null) {
            return CheckResult.fail("backup root", problem, !Files.isDirectory(root)
                    ? "mount the backup disk, or create the root: pobsync manage configure-global --backup-root " + root
                    : "mount the backup disk at " + root + "; if its snapshots are gone for good, start afresh:"
                    + " pobsync manage configure-global --backup-root " + root + " --initialize");
        }
        String notWritable = writeProbe(root);
        if (notWritable != null) {
            return CheckResult.fail("backup root", root + " is not writable: " + notWritable,
                    "give the pobsync user write access (and check that the file system is mounted read-write)");
        }
        DiskUsage d = DiskUsage.of(root);
        String msg = root + ": " + Human.bytes(d.freeBytes()) + " free of " + Human.bytes(d.totalBytes());
        return d.freeBytes() < LOW_FREE_BYTES
                ? CheckResult.warn("backup root", msg, "less than 10 GiB free; prune or add space")
                : CheckResult.ok("backup root", msg);
    }

    /** Which snapshot store backups use, why, and what the btrfs store lacks (SPEC section 15). */
    CheckResult snapshotStore() {
        StoreChoice c = backups.snapshotStore();
        String name = "snapshot store";
        if (!c.usable()) {
            return CheckResult.fail(name, c.reason(), STORE_HINT + ", or pobsync manage configure-global --snapshot-store auto");
        }
        return switch (c.btrfs() == null ? BtrfsSupport.Status.AVAILABLE : c.btrfs().status()) {
            case AVAILABLE, NOT_BTRFS -> CheckResult.ok(name, c.describe());
            case READ_ONLY -> CheckResult.warn(name, "cannot tell from this process: " + c.btrfs().detail(),
                    "the worker decides at each backup; sudo pobsync manage check answers with the worker's rights");
            // On btrfs, but hard links: the operator may want to add what is missing.
            case LACKING -> CheckResult.warn(name, c.describe(), STORE_HINT
                    + ", or pobsync manage configure-global --snapshot-store hardlink to keep hard links");
        };
    }

    private static final String STORE_HINT = "for btrfs snapshots the backup root's file system needs the mount option"
            + " user_subvol_rm_allowed (add it in /etc/fstab, then mount -o remount,user_subvol_rm_allowed <mount point>)";

    /**
     * Creates and removes a file in the directory: the only honest answer. Permission bits say
     * nothing when pobsync runs as root, and nothing about read-only mounts or immutable flags.
     * Returns null when writing works, else the reason.
     */
    static String writeProbe(Path dir) {
        try {
            Path probe = Files.createTempFile(dir, ".pobsync-selfcheck-", ".tmp");
            Files.delete(probe);
            return null;
        } catch (IOException | SecurityException e) {
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null
                    ? f.getReason() : e.getClass().getSimpleName();
            return why.toLowerCase(java.util.Locale.ROOT);
        }
    }

    CheckResult serverKey() {
        KeyFileCheck c = credentials.keyStore().check();
        String hint = "the SSH page (/ssh/) shows and generates the key";
        return switch (c.status()) {
            case OK -> CheckResult.ok("ssh key", c.message());
            case WARN -> CheckResult.warn("ssh key", c.message(), hint);
            case FAIL -> CheckResult.fail("ssh key", c.message(), hint);
        };
    }

    List<CheckResult> hostKeys() {
        List<CheckResult> results = new ArrayList<>();
        List<String> unpinned = new ArrayList<>();
        Map<Long, List<PinnedHostKey>> pinned = credentials.pinnedByHost();
        for (Host h : hosts.list()) {
            if (h.enabled() && h.transport() == Transport.SSH && pinned.getOrDefault(h.id(), List.of()).isEmpty()) {
                unpinned.add(h.name());
            }
        }
        results.add(unpinned.isEmpty() ? CheckResult.ok("host keys", "every enabled ssh host has a pinned key")
                : CheckResult.fail("host keys", "not pinned: " + String.join(", ", unpinned),
                "scan and pin them on the SSH page (/ssh/), or pobsync manage host-key <host> --scan"));
        return results;
    }

    CheckResult heartbeat(String name, String componentPrefix) {
        Instant now = clock.instant();
        Heartbeats.Heartbeat newest = null;
        for (Heartbeats.Heartbeat hb : heartbeats.all()) {
            if (hb.component().startsWith(componentPrefix)
                    && (newest == null || hb.lastSeenAt().isAfter(newest.lastSeenAt()))) {
                newest = hb;
            }
        }
        if (newest == null) {
            return CheckResult.fail(name, "has never run", "start pobsync-" + name + " (systemctl start pobsync-" + name + ")");
        }
        String seen = "last seen " + Human.age(newest.lastSeenAt(), now) + " on " + newest.hostname();
        return !newest.fresh(now)
                ? CheckResult.fail(name, seen, "is pobsync-" + name + " running? journalctl -u pobsync-" + name)
                : CheckResult.ok(name, seen);
    }

    List<CheckResult> recentBackups() {
        List<String> bad = new ArrayList<>();
        // The panel's shared overview (at most seconds old), so the banner's refresh does not decide 1,000 hosts again.
        for (HostSummary h : overview.hosts()) {
            if (h.state().bad()) {
                bad.add(h.name() + " (" + h.health().label() + ")");
            }
        }
        return List.of(bad.isEmpty()
                ? CheckResult.ok("recent backups", "every enabled host has a good snapshot within its expectation"
                + " and is not failing")
                : CheckResult.warn("recent backups", "hosts late, failing or never backed up: " + String.join(", ", bad),
                "open each host's page for why; pobsync status lists them too"));
    }
}
