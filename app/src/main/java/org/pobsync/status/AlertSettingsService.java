package org.pobsync.status;

import java.time.Clock;
import org.pobsync.audit.AuditLog;
import org.pobsync.db.Database;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.validation.Errors;
import org.pobsync.validation.HttpUrl;

/**
 * Reading and changing the alert settings: the server-wide ones (expectation default,
 * reminders, digest, disk threshold, the panel's address) and each host's (expectation,
 * failing after K runs, whether a partial snapshot is good, ping URL). Callers pass the complete
 * settings they want; one validation decides for the panel and the CLI.
 */
public final class AlertSettingsService {

    /** A year: beyond that an expectation or a reminder means "never". */
    static final int MAX_HOURS = 8760;
    static final int MAX_FAILING_AFTER = 100;

    private final Database db;
    private final AlertSettingsRepository repository;
    private final HostService hosts;
    private final AuditLog audit;
    private final Clock clock;

    public AlertSettingsService(Database db, AlertSettingsRepository repository, HostService hosts, AuditLog audit,
                                Clock clock) {
        this.db = db;
        this.repository = repository;
        this.hosts = hosts;
        this.audit = audit;
        this.clock = clock;
    }

    public AlertSettings get() {
        return repository.get();
    }

    public AlertSettings update(AlertSettings wanted, String actor) {
        AlertSettings s = check(wanted);
        repository.update(s, clock.instant());
        String panelUrl = s.panelUrl();
        audit.record(actor, "alerts.settings", "global", "default-expect-every=" + s.defaultExpectHours() + "h reminders="
                + (s.reminderHours() == null ? "off" : s.reminderHours() + "h") + " digest="
                + (s.digestHour() == null ? "off" : s.digestHour() + ":00") + " disk-free=" + s.diskFreePercent() + "%"
                + " panel-url=" + (panelUrl == null ? "none" : panelUrl));
        return repository.get();
    }

    /** Validates server-wide settings without saving them; returns them normalised (a blank panel URL is none). */
    public AlertSettings check(AlertSettings wanted) {
        Errors errors = new Errors();
        hours(errors, "default-expect-every", wanted.defaultExpectHours());
        if (wanted.reminderHours() != null) {
            hours(errors, "reminder-hours", wanted.reminderHours());
        }
        if (wanted.digestHour() != null && (wanted.digestHour() < 0 || wanted.digestHour() > 23)) {
            errors.add("digest-hour", "must be an hour from 0 to 23, got " + wanted.digestHour());
        }
        if (wanted.diskFreePercent() < 0 || wanted.diskFreePercent() > 99) {
            errors.add("disk-free-percent", "must be from 0 (no alert) to 99, got " + wanted.diskFreePercent());
        }
        String panelUrl = wanted.panelUrl() == null || wanted.panelUrl().isBlank() ? null : wanted.panelUrl().trim();
        if (panelUrl != null) {
            errors.check("panel-url", () -> HttpUrl.parse(panelUrl));
        }
        errors.throwIfAny();
        return new AlertSettings(wanted.defaultExpectHours(), wanted.reminderHours(), wanted.digestHour(),
                wanted.diskFreePercent(), panelUrl, null);
    }

    public HostAlertSettings forHost(String hostName) {
        Host host = hosts.get(hostName);
        return repository.forHost(host.id()).orElse(HostAlertSettings.defaults(host.id()));
    }

    /** Replaces the host's alert settings with {@code wanted} (its host id is taken from the name). */
    public HostAlertSettings configureHost(String hostName, HostAlertSettings wanted, String actor) {
        Host host = hosts.get(hostName);
        HostAlertSettings s = check(new HostAlertSettings(host.id(), wanted.expectEveryHours(),
                wanted.failingAfterRuns(), wanted.partialIsGood(), wanted.pingUrl()));
        db.tx().executeWithoutResult(tx -> repository.save(s, clock.instant()));
        // The ping URL's path is a secret of the monitoring service: the audit log shows its host only.
        audit.record(actor, "alerts.host", host.name(), "expect-every="
                + (s.expectEveryHours() == null ? "auto" : s.expectEveryHours() + "h") + " failing-after=" + s.failingAfter()
                + " partial-ok=" + s.partialIsGood() + " ping-url="
                + (s.pingUrl() == null ? "none" : HttpUrl.redacted(s.pingUrl())));
        return s;
    }

    /**
     * Validates a host's alert settings without saving them (the CLI checks before it creates a
     * host); returns them normalised (a blank ping URL is none).
     */
    public HostAlertSettings check(HostAlertSettings wanted) {
        Errors errors = new Errors();
        if (wanted.expectEveryHours() != null) {
            hours(errors, "expect-every", wanted.expectEveryHours());
        }
        if (wanted.failingAfterRuns() != null
                && (wanted.failingAfterRuns() < 1 || wanted.failingAfterRuns() > MAX_FAILING_AFTER)) {
            errors.add("failing-after", "must be from 1 to " + MAX_FAILING_AFTER + " runs, got "
                    + wanted.failingAfterRuns());
        }
        String ping = wanted.pingUrl() == null || wanted.pingUrl().isBlank() ? null : wanted.pingUrl().trim();
        if (ping != null) {
            errors.check("ping-url", () -> HttpUrl.parse(ping));
        }
        errors.throwIfAny();
        return new HostAlertSettings(wanted.hostId(), wanted.expectEveryHours(), wanted.failingAfterRuns(),
                wanted.partialIsGood(), ping);
    }

    private static void hours(Errors errors, String field, int value) {
        if (value < 1 || value > MAX_HOURS) {
            errors.add(field, "must be from 1 to " + MAX_HOURS + " hours, got " + value);
        }
    }
}
