package org.pobsync.credentials;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.validation.ConflictException;

/**
 * The server's ssh key pair and the pinned host keys. The managed known_hosts file is generated
 * from the database (never edited by hand), so what the panel shows is what ssh enforces.
 */
public final class CredentialService {

    /** How long a backup's ssh waits for the connection to come up. */
    static final Duration BACKUP_CONNECT_TIMEOUT = Duration.ofSeconds(20);

    static final Duration SCAN_TIMEOUT = Duration.ofSeconds(10);

    private final PobsyncSettings settings;
    private final GlobalConfigService globalConfig;
    private final HostService hosts;
    private final HostKeyRepository hostKeys;
    private final AuditLog audit;
    private final Clock clock;
    private final ServerKeyStore keyStore;

    public CredentialService(PobsyncSettings settings, GlobalConfigService globalConfig, HostService hosts,
                             HostKeyRepository hostKeys, AuditLog audit, Clock clock) {
        this.settings = settings;
        this.globalConfig = globalConfig;
        this.hosts = hosts;
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

    /** Pins the given keys as the host's only trusted keys and regenerates known_hosts. */
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
        writeKnownHosts();
        audit.record(actor, "ssh.hostkey.pin", host.name(),
                String.join(", ", keys.stream().map(k -> k.type() + " " + k.fingerprint()).toList()));
        return hostKeys.findByHost(host.id());
    }

    public void unpin(Host host, String actor) {
        int removed = hostKeys.deleteByHost(host.id());
        writeKnownHosts();
        audit.record(actor, "ssh.hostkey.remove", host.name(), removed + " key(s)");
    }

    /**
     * Regenerates the managed known_hosts file and returns it, refusing when the host has no
     * pinned key: backups never run against an unpinned host.
     */
    public Path knownHostsFor(Host host) {
        if (hostKeys.findByHost(host.id()).isEmpty()) {
            throw new IllegalStateException("host key of " + host.name() + " is not pinned: scan and pin it with"
                    + " 'pobsync manage host-key " + host.name() + " --scan' (or on the SSH page)");
        }
        return writeKnownHosts();
    }

    /** Writes the known_hosts file from every pinned key of every ssh host. */
    public synchronized Path writeKnownHosts() {
        GlobalConfig g = globalConfig.get();
        List<KnownHost> entries = new ArrayList<>();
        for (Host h : hosts.list()) {
            if (h.transport() != Transport.SSH) {
                continue;
            }
            int port = h.sshPort() != null ? h.sshPort() : g.defaultSshPort();
            for (PinnedHostKey k : hostKeys.findByHost(h.id())) {
                entries.add(new KnownHost(h.address(), port, HostKey.of(k.keyType(), k.publicKey())));
            }
        }
        try {
            KnownHostsFile.write(settings.knownHostsFile(), entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + settings.knownHostsFile() + ": " + e.getMessage(), e);
        }
        return settings.knownHostsFile();
    }

    /** Logs in and runs a harmless command; the result says exactly what failed. */
    public ProbeResult testConnection(Host host, String actor) {
        requireSsh(host);
        Path key = requireServerKey();
        Path knownHosts = knownHostsFor(host);
        ProbeResult r = new ConnectionProbe().test(new SshTarget(host.address(), user(host), port(host), key,
                knownHosts, Duration.ofSeconds(15)), host.useSudo());
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
        SshTarget ssh = null;
        if (host.transport() == Transport.SSH) {
            ssh = new SshTarget(host.address(), host.sshUser() != null ? host.sshUser() : g.defaultSshUser(),
                    host.sshPort() != null ? host.sshPort() : g.defaultSshPort(), requireServerKey(),
                    knownHostsFor(host), BACKUP_CONNECT_TIMEOUT);
        }
        int timeout = host.timeoutSeconds() != null ? host.timeoutSeconds() : g.rsyncTimeoutSeconds();
        return new BackupRequest(host.name(), host.transport(), ssh, host.useSudo(), host.sourcePaths(),
                host.excludes(), host.rsyncOptions(), host.bwlimitKbps(), Duration.ofSeconds(timeout), dryRun,
                g.backupRoot(), logFile, host.missingPathsAreWarnings());
    }

    private static void requireSsh(Host host) {
        if (host.transport() != Transport.SSH) {
            throw new ConflictException("host " + host.name() + " uses the local transport; it has no ssh host key");
        }
    }
}
