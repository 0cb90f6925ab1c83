package org.pobsync.runs;

import java.nio.file.Files;
import java.util.Optional;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.credentials.CredentialService;
import org.pobsync.engine.Transport;
import org.pobsync.hosts.Host;

/**
 * Whether a run of a host would fail before it transfers anything, decided from what pobsync
 * already knows (its own key, the host's pinned keys, the backup root). The panel asks this
 * before it offers "Back up now", "Dry run" or a restore, so it never offers an action it knows
 * will fail; each front end words the {@link Blocker} itself (the panel with a link to the page
 * that fixes it), the classification is this one function.
 */
public final class BackupReadiness {

    /** What must be fixed first, in the order an operator fixes them. */
    public enum Blocker {
        /** pobsync has no SSH key pair yet, so it can log in nowhere. */
        SERVER_KEY_MISSING,
        /** The host's SSH host key is not pinned: ssh refuses to connect. */
        HOST_KEY_NOT_PINNED,
        /** The backup root is not a directory (the backup disk not mounted, a typo): a backup cannot write. */
        BACKUP_ROOT_MISSING;

        /** Whether this also stops every ssh connection to the host (a connection test, a restore to it). */
        public boolean blocksConnections() {
            return this != BACKUP_ROOT_MISSING;
        }

        /**
         * The fix in the panel's words, one line (a flash message); the host page's long form with
         * its link is fragments/readiness. The CLI words the same cases itself ("pobsync manage …").
         */
        public String panelFix() {
            return switch (this) {
                case SERVER_KEY_MISSING -> "create pobsync's SSH key on the SSH page first.";
                case HOST_KEY_NOT_PINNED -> "pin the host key on the SSH page first.";
                case BACKUP_ROOT_MISSING -> "the backup root is not there (is the backup disk mounted?); see the"
                        + " Self Check.";
            };
        }
    }

    private final CredentialService credentials;
    private final GlobalConfigService globalConfig;

    public BackupReadiness(CredentialService credentials, GlobalConfigService globalConfig) {
        this.credentials = credentials;
        this.globalConfig = globalConfig;
    }

    /** The first thing that stops a backup of {@code host}, or empty when one can start. */
    public Optional<Blocker> backupBlocker(Host host) {
        Optional<Blocker> connection = connectionBlocker(host);
        if (connection.isPresent()) {
            return connection;
        }
        return Files.isDirectory(globalConfig.get().backupRoot())
                ? Optional.empty() : Optional.of(Blocker.BACKUP_ROOT_MISSING);
    }

    /** What stops any ssh connection to {@code host} (a restore to it, a test); empty for a local host. */
    public Optional<Blocker> connectionBlocker(Host host) {
        if (host.transport() != Transport.SSH) {
            return Optional.empty();
        }
        if (!credentials.keyStore().exists()) {
            return Optional.of(Blocker.SERVER_KEY_MISSING);
        }
        return credentials.pinned(host).isEmpty() ? Optional.of(Blocker.HOST_KEY_NOT_PINNED) : Optional.empty();
    }
}
