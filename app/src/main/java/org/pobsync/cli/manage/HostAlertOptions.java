package org.pobsync.cli.manage;

import java.io.PrintStream;
import org.pobsync.audit.AuditLog;
import org.pobsync.format.Human;
import org.pobsync.status.AlertSettingsService;
import org.pobsync.status.HostAlertSettings;
import org.pobsync.validation.HttpUrl;
import picocli.CommandLine.Option;

/**
 * The alert options of {@code manage configure-host} (SPEC section 14): only those given change.
 * Kept apart from the host's own options, which live in the host spec.
 */
public final class HostAlertOptions {

    @Option(names = "--expect-every", paramLabel = "HOURS",
            description = "A good snapshot is expected at least every HOURS; 0: from the schedule, else the global default.")
    Integer expectEvery;

    @Option(names = "--failing-after", paramLabel = "N",
            description = "The host is 'failing' after N failed runs in a row (default 1).")
    Integer failingAfter;

    @Option(names = "--partial-ok", paramLabel = "true|false", arity = "1",
            description = "Whether a partial snapshot (rsync exit 23: some files unreadable) counts as good (default false).")
    Boolean partialOk;

    @Option(names = "--ping-url", paramLabel = "URL",
            description = "A healthchecks-style URL pinged at URL/start, URL (success) and URL/fail for each backup; '' removes it.")
    String pingUrl;

    boolean given() {
        return expectEvery != null || failingAfter != null || partialOk != null || pingUrl != null;
    }

    /** The host's settings with the given options applied, validated (for a host not created yet too). */
    HostAlertSettings wanted(AlertSettingsService service, HostAlertSettings current) {
        HostAlertSettings s = new HostAlertSettings(current.hostId(),
                expectEvery == null ? current.expectEveryHours() : expectEvery == 0 ? null : expectEvery,
                failingAfter == null ? current.failingAfterRuns() : failingAfter,
                partialOk == null ? current.partialIsGood() : partialOk,
                pingUrl == null ? current.pingUrl() : pingUrl);
        return service.check(s);
    }

    void apply(AlertSettingsService service, String host, HostAlertSettings wanted, PrintStream out) {
        HostAlertSettings s = service.configureHost(host, wanted, AuditLog.cliActor());
        out.println("  alerts:     expect a good snapshot every "
                + (s.expectEveryHours() == null ? "(schedule or global default)" : s.expectEveryHours() + " h")
                + ", failing after " + Human.plural(s.failingAfter(), "failed run") + ", partial snapshots "
                + (s.partialIsGood() ? "count" : "do not count")
                + ", ping " + (s.pingUrl() == null ? "none" : HttpUrl.redacted(s.pingUrl())));
    }
}
