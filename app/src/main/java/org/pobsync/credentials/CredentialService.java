package org.pobsync.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pobsync.audit.AuditLog;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.engine.BackupRequest;
import org.pobsync.engine.SshTarget;
import org.pobsync.engine.Transport;
import org.pobsync.engine.rsync.HostValues;
import org.pobsync.engine.rsync.RsyncOptions;
import org.pobsync.engine.ssh.ConnectionProbe;
import org.pobsync.engine.ssh.HostKey;
import org.pobsync.engine.ssh.HostKeyScanException;
import org.pobsync.engine.ssh.HostKeyScanner;
import org.pobsync.engine.ssh.KnownHost;
import org.pobsync.engine.ssh.KnownHostsFile;
import org.pobsync.engine.ssh.ProbeResult;
import org.pobsync.engine.ssh.ServerKeyPair;
import org.pobsync.engine.ssh.ServerKeyStore;
import org.pobsync.format.Human;
import org.pobsync.hosts.Host;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.settings.PrivateFiles;
import org.pobsync.validation.ConflictException;

/**
 * The server's ssh key pair and the pinned host keys. Each host's known_hosts file is generated
 * from the database before every use (never edited by hand), so what the panel shows for a host
 * is exactly what ssh enforces for it.
 */
public final class CredentialService {

    /** How long a backup's ssh waits for the connection to come up. */
    static final Duration BACKUP_CONNECT_TIMEOUT = Duration.ofSeconds(20);

    static final Duration SCAN_TIMEOUT = Duration.ofSeconds(10);

    private final PobsyncSettings settings;
    private final GlobalConfigService globalConfig;
    private final HostKeyRepository hostKeys;
    private final AuditLog audit;
    private final Clock clock;
    private final ServerKeyStore keyStore;

    public CredentialService(PobsyncSettings settings, GlobalConfigService globalConfig,
                             HostKeyRepository hostKeys, AuditLog audit, Clock clock) {
        this.settings = settings;
        this.globalConfig = globalConfig;
        this.hostKeys = hostKeys;
        this.audit = audit;
        this.clock = clock;
        this.keyStore = new ServerKeyStore(settings.sshDir());
    }

    public ServerKeyStore keyStore() {
        return keyStore;
    }

    public Optional<ServerKeyPair> serverKey() {
        try {
            return keyStore.read();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the server key in " + settings.sshDir() + ": " + e.getMessage(), e);
        }
    }

    public ServerKeyPair generateServerKey(boolean replace, String actor) {
        if (keyStore.exists() && !replace) {
            throw new ConflictException("the server key already exists (" + keyStore.privateKeyFile()
                    + "); replacing it locks pobsync out of every host that trusts the old key");
        }
        try {
            ServerKeyPair pair = keyStore.generate("pobsync@" + org.pobsync.liveness.ProcessIdentity.hostname(), replace);
            audit.record(actor, replace ? "ssh.key.replace" : "ssh.key.generate", "server", pair.fingerprint());
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException("generating the server key failed: " + e.getMessage(), e);
        }
    }

    /** The private key path, or an operator-readable refusal when there is none. */
    public Path requireServerKey() {
        if (!keyStore.exists()) {
            throw new IllegalStateException("no SSH key yet: generate it with 'pobsync manage ssh-key --generate'"
                    + " (or on the SSH page) and authorize it on the host");
        }
        return keyStore.privateKeyFile();
    }

    public List<PinnedHostKey> pinned(Host host) {
        return hostKeys.findByHost(host.id());
    }

    public int port(Host host) {
        return host.sshPort() != null ? host.sshPort() : globalConfig.get().defaultSshPort();
    }

    public String user(Host host) {
        return host.sshUser() != null ? host.sshUser() : globalConfig.get().defaultSshUser();
    }

    /** Every pinned key, by host id, in one query (pages and the API list all hosts). */
    public Map<Long, List<PinnedHostKey>> pinnedByHost() {
        Map<Long, List<PinnedHostKey>> byHost = new HashMap<>();
        for (PinnedHostKey k : hostKeys.findAll()) {
            byHost.computeIfAbsent(k.hostId(), id -> new ArrayList<>()).add(k);
        }
        return byHost;
    }

    /** {@link #scan(Host)} on behalf of an operator, recorded in the audit log with what was offered. */
    public List<HostKey> scan(Host host, String actor) {
        List<HostKey> keys = scan(host);
        audit.record(actor, "ssh.hostkey.scan", host.name(),
                String.join(", ", keys.stream().map(k -> k.type() + " " + k.fingerprint()).toList()));
        return keys;
    }

    /** Asks the host for its keys (ssh-keyscan); pins nothing. */
    public List<HostKey> scan(Host host) {
        requireSsh(host);
        try {
            return new HostKeyScanner(SCAN_TIMEOUT).scan(host.address(), port(host));
        } catch (HostKeyScanException e) {
            throw new ConflictException("scanning " + host.address() + ":" + port(host) + " failed: "
                    + e.failure().message());
        }
    }

    /** Pins the given keys as the host's only trusted keys. */
    public List<PinnedHostKey> pin(Host host, List<HostKey> keys, String actor) {
        requireSsh(host);
        if (keys.isEmpty()) {
            throw new ConflictException("no host keys to pin for " + host.name());
        }
        List<PinnedHostKey> rows = new ArrayList<>();
        for (HostKey k : keys) {
            rows.add(new PinnedHostKey(0, host.id(), k.type(), k.base64Key(), k.fingerprint(), clock.instant(), actor));
        }
        hostKeys.replace(host.id(), rows);
        writeKnownHosts(host, hostKeys.findByHost(host.id()));
        audit.record(actor, "ssh.hostkey.pin", host.name(),
                String.join(", ", keys.stream().map(k -> k.type() + " " + k.fingerprint()).toList()));
        return hostKeys.findByHost(host.id());
    }

    public void unpin(Host host, String actor) {
        int removed = hostKeys.deleteByHost(host.id());
        try {
            Files.deleteIfExists(settings.knownHostsFile(host.name()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + settings.knownHostsFile(host.name()) + ": "
                    + e.getMessage(), e);
        }
        audit.record(actor, "ssh.hostkey.remove", host.name(), Human.plural(removed, "key"));
    }

    /**
     * How pobsync reaches {@code host} over ssh: its user and port, the server key, and a
     * known_hosts file holding exactly this host's pinned keys, rendered from the database at this
     * moment for the address and port in {@code host}. The one function every ssh connection to a
     * host goes through (backups, Test connection, restores), so each host is checked against its
     * own pins only: a key pinned for another record at the same address and port, or a key
     * this host had before it was re-pinned, is refused as a changed key.
     */
    public SshTarget sshTarget(Host host, Duration connectTimeout) {
        requireSsh(host);
        Path key = requireServerKey();
        List<PinnedHostKey> pinned = hostKeys.findByHost(host.id());
        if (pinned.isEmpty()) {
            throw new IllegalStateException("host key of " + host.name() + " is not pinned: scan and pin it with"
                    + " 'pobsync manage host-key " + host.name() + " --scan' (or on the SSH page)");
        }
        return new SshTarget(host.address(), user(host), port(host), key, writeKnownHosts(host, pinned),
                connectTimeout);
    }

    /** A host name is a file name here: checked again so no stored value can lead elsewhere. */
    private static String validHostName(String name) {
        HostValues.validateHostName(name);
        return name;
    }

    /** Writes the host's own known_hosts file from its pinned keys (atomically: a running ssh reads a whole file). */
    private Path writeKnownHosts(Host host, List<PinnedHostKey> pinned) {
        Path file = settings.knownHostsFile(validHostName(host.name()));
        List<KnownHost> entries = new ArrayList<>();
        for (PinnedHostKey k : pinned) {
            entries.add(new KnownHost(host.address(), port(host), HostKey.of(k.keyType(), k.publicKey())));
        }
        try {
            PrivateFiles.directory(file.getParent());
            KnownHostsFile.write(file, entries);
            // The single file of earlier versions trusted every host's keys for every host at
            // the same address; nothing reads it any more.
            Files.deleteIfExists(settings.sshDir().resolve("known_hosts"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** Logs in and runs a harmless command; the result says exactly what failed. */
    public ProbeResult testConnection(Host host, String actor) {
        ProbeResult r = new ConnectionProbe().test(sshTarget(host, Duration.ofSeconds(15)), host.useSudo());
        if (r.restrictedToRrsync() && !RsyncOptions.turnsOffProtectArgs(host.rsyncOptions())) {
            r = r.withNote("backups through this key need the extra rsync option --no-protect-args"
                    + " (rrsync refuses --protect-args)");
        }
        audit.record(actor, "ssh.test", host.name(), r.message());
        return r;
    }

    /**
     * What a backup of {@code host} asks the engine for: its login (this server's key, the pinned
     * keys, the user and port in force), paths and options. The backup and the connection test
     * both use it, so the test checks exactly what the backup will do.
     */
    public BackupRequest backupRequest(Host host, GlobalConfig g, boolean dryRun, Path logFile) {
        return new BackupRequest(host.name(), host.transport(), transferTarget(host), host.useSudo(),
                host.sourcePaths(), host.excludes(), host.rsyncOptions(), host.bwlimitKbps(), ioTimeout(host, g),
                dryRun, g.backupRoot(), logFile, g.snapshotStore(), host.missingPathsAreWarnings());
    }

    /** How a backup or a restore reaches {@code host} over ssh (its pinned keys); null for a local host. */
    public SshTarget transferTarget(Host host) {
        return host.transport() == Transport.SSH ? sshTarget(host, BACKUP_CONNECT_TIMEOUT) : null;
    }

    /** The host's rsync I/O timeout, else the global one: for backups and restores alike. */
    public static Duration ioTimeout(Host host, GlobalConfig g) {
        return Duration.ofSeconds(host.timeoutSeconds() != null ? host.timeoutSeconds() : g.rsyncTimeoutSeconds());
    }

    private static void requireSsh(Host host) {
        if (host.transport() != Transport.SSH) {
            throw new ConflictException("host " + host.name() + " uses the local transport; it has no ssh host key");
        }
    }
}
