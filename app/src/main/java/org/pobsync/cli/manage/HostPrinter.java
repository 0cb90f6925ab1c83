package org.pobsync.cli.manage;

import java.io.PrintStream;
import java.util.Locale;
import org.pobsync.config.GlobalConfig;
import org.pobsync.engine.Transport;
import org.pobsync.hosts.Host;

/** Prints a host's effective configuration (defaults resolved) after a change. */
final class HostPrinter {

    private HostPrinter() {
    }

    static void print(PrintStream out, Host h, GlobalConfig g) {
        out.println("  address:    " + h.address());
        out.println("  transport:  " + h.transport().name().toLowerCase(Locale.ROOT));
        if (h.transport() == Transport.SSH) {
            out.println("  ssh:        " + (h.sshUser() != null ? h.sshUser() : g.defaultSshUser() + " (default)") + " port "
                    + (h.sshPort() != null ? h.sshPort() : g.defaultSshPort() + " (default)")
                    + (h.useSudo() ? ", sudo rsync" : ""));
        }
        out.println("  paths:      " + String.join(" ", h.sourcePaths())
                + (h.missingPathsAreWarnings() ? " (a missing one is a warning)" : ""));
        out.println("  excludes:   " + (h.excludes().isEmpty() ? "none" : String.join(" ", h.excludes())));
        out.println("  options:    " + (h.rsyncOptions().isEmpty() ? "none" : String.join(" ", h.rsyncOptions())));
        out.println("  bwlimit:    " + (h.bwlimitKbps() == null ? "none" : h.bwlimitKbps() + " KiB/s"));
        out.println("  timeout:    " + (h.timeoutSeconds() == null ? g.rsyncTimeoutSeconds() + " s (default)" : h.timeoutSeconds() + " s"));
        out.println("  retention:  " + (h.retentionOverride() == null ? g.retention().describe() + " (global)"
                : h.retentionOverride().describe() + " (host override)"));
        out.println("  enabled:    " + (h.enabled() ? "yes" : "no"));
    }
}
