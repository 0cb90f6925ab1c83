package org.pobsync.credentials;

import org.pobsync.engine.ssh.SshFailure;

/**
 * What an operator does about a failed connection test, one sentence per reason. The probe's
 * message says what happened; this says where to fix it.
 */
public final class ConnectionAdvice {

    private ConnectionAdvice() {
    }

    public static String forReason(SshFailure.Reason reason) {
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case UNREACHABLE -> "Check the host's address and port, that sshd runs there, and that no firewall"
                    + " blocks this server.";
            case STOPPED_RESPONDING -> "The host stopped answering in the middle of the conversation: check that it is"
                    + " not frozen, out of memory or overloaded, and that no firewall drops long connections.";
            case CONNECTION_LOST -> "The host ended the connection: check whether it rebooted or its sshd was"
                    + " restarted, then try again.";
            case AUTH_REFUSED -> "Add the server's public key (the authorized_keys line on the SSH page) to"
                    + " ~/.ssh/authorized_keys of the login user on the host.";
            case HOST_KEY_UNKNOWN -> "Scan the host key, compare its fingerprint with the host's own"
                    + " (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub there), and pin it.";
            case HOST_KEY_CHANGED -> "The host offers a different key than the pinned one. Verify it on the host's"
                    + " console; re-pin only if the change is expected (a reinstall), otherwise someone may be"
                    + " intercepting the connection.";
            case KEY_UNUSABLE -> "pobsync's own private key cannot be used: see the Self Check (it must be mode 600"
                    + " and owned by the pobsync user).";
            case RSYNC_MISSING -> "Install rsync on the host (apt-get install rsync).";
            case SUDO_REFUSED -> "Allow the login user to run rsync with sudo without a password (NOPASSWD in"
                    + " sudoers), or turn off use_sudo for this host.";
            case COMMAND_RESTRICTED -> "The key is restricted by a forced command in authorized_keys; use the"
                    + " full-access line, or see the note on the read-only line on the SSH page.";
            case OTHER -> "Try the same login by hand from this server to see the whole message.";
        };
    }
}
