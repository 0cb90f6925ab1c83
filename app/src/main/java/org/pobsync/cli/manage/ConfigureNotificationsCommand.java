package org.pobsync.cli.manage;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import org.pobsync.audit.AuditLog;
import org.pobsync.cli.CliContext;
import org.pobsync.cli.ExitCodes;
import org.pobsync.cli.UsageError;
import org.pobsync.notify.AlertKind;
import org.pobsync.notify.Channel;
import org.pobsync.notify.ChannelService;
import org.pobsync.notify.ChannelSpec;
import org.pobsync.notify.NotificationService;
import org.pobsync.status.AlertSettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "configure-notifications", aliases = "configure_notifications", mixinStandardHelpOptions = true,
        description = {"Notification channels (e-mail, webhooks) and alert settings (SPEC section 14).",
                "Examples:",
                "  pobsync manage configure-notifications --add-webhook https://ntfy.example.org/backups --preset ntfy",
                "  POBSYNC_SMTP_PASSWORD=... pobsync manage configure-notifications --add-email ops@example.org \\",
                "      --smtp-host smtp.example.org --smtp-port 587 --smtp-user alerts --smtp-from pobsync@example.org",
                "  pobsync manage configure-notifications --test ntfy-1",
                "  pobsync manage configure-notifications --reminder-hours 12 --digest-hour 7 --panel-url https://backup.example.org/",
                "Without an action it lists the channels and the settings. Secrets come from the environment:",
                "POBSYNC_SMTP_PASSWORD (the SMTP login's password), POBSYNC_WEBHOOK_SECRET (the value of --secret-header)."})
public final class ConfigureNotificationsCommand implements Callable<Integer> {

    private final CliContext ctx;

    @ArgGroup(exclusive = true)
    Action action;

    static final class Action {
        @Option(names = "--list", description = "List the channels and the alert settings (also the default).")
        boolean list;

        @Option(names = "--add-webhook", paramLabel = "URL", description = "Add a webhook channel posting to URL (http or https).")
        String addWebhook;

        @Option(names = "--add-email", paramLabel = "ADDRESS[,ADDRESS]", description = "Add an e-mail channel to these recipients.")
        String addEmail;

        @Option(names = "--remove", paramLabel = "NAME", description = "Remove a channel (and its secrets).")
        String remove;

        @Option(names = "--test", paramLabel = "NAME", description = "Send a test message through a channel now.")
        String test;

        @Option(names = "--enable", paramLabel = "NAME", description = "Enable a channel.")
        String enable;

        @Option(names = "--disable", paramLabel = "NAME", description = "Disable a channel (it keeps its settings).")
        String disable;
    }

    @Option(names = "--name", paramLabel = "NAME", description = "The new channel's name (default: the preset or 'email' and a number).")
    String name;

    @Option(names = "--preset", paramLabel = "generic|ntfy|slack", description = "The webhook body: pobsync's JSON (default), ntfy, or Slack/Mattermost.")
    String preset;

    @Option(names = "--secret-header", paramLabel = "HEADER", description = "A header sent with every webhook request; its value from POBSYNC_WEBHOOK_SECRET.")
    String secretHeader;

    @Option(names = "--hosts", paramLabel = "h1,h2", description = "Only events about these hosts (default: all).")
    String hosts;

    @Option(names = "--conditions", paramLabel = "c1,c2", description = "Only these: host, disk, service, schedule, prune, host_key, digest (default: all).")
    String conditions;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long a send may take, 1-60 (default 10).")
    String timeout;

    @Option(names = "--smtp-host", paramLabel = "H", description = "The SMTP server.")
    String smtpHost;

    @Option(names = "--smtp-port", paramLabel = "P", description = "Its port (default 587 for starttls, 465 for tls, 25 for none).")
    String smtpPort;

    @Option(names = "--smtp-security", paramLabel = "starttls|tls|none", description = "STARTTLS (required, default), implicit TLS, or none.")
    String smtpSecurity;

    @Option(names = "--smtp-user", paramLabel = "U", description = "Log in as U (password from POBSYNC_SMTP_PASSWORD).")
    String smtpUser;

    @Option(names = "--smtp-from", paramLabel = "ADDR", description = "The sender address (default pobsync@<this host>).")
    String smtpFrom;

    @Option(names = "--reminder-hours", paramLabel = "H", description = "Remind every H hours while a condition stays bad; 0: no reminders (default 24).")
    Integer reminderHours;

    @Option(names = "--digest-hour", paramLabel = "H|off", description = "Send a daily digest of every host at hour H (0-23, this server's time zone), or off.")
    String digestHour;

    @Option(names = "--disk-free-percent", paramLabel = "P", description = "Alert when the backup root has less than P % free; 0: never (default 10).")
    Integer diskFreePercent;

    @Option(names = "--default-expect-every", paramLabel = "HOURS", description = "Hosts without their own expectation or a schedule expect a good snapshot this often (default 26).")
    Integer defaultExpectEvery;

    @Option(names = "--panel-url", paramLabel = "URL", description = "The panel's address as operators reach it, for links in messages; '' removes it.")
    String panelUrl;

    public ConfigureNotificationsCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        boolean settingsGiven = reminderHours != null || digestHour != null || diskFreePercent != null
                || defaultExpectEvery != null || panelUrl != null;
        Action a = action == null ? new Action() : action;
        if (settingsGiven) {
            updateSettings();
        }
        ChannelService channels = ctx.appForSetUp().channels();
        PrintStream out = ctx.out();
        String actor = AuditLog.cliActor();
        if (a.addWebhook != null || a.addEmail != null) {
            Channel c = channels.create(spec(a, channels), actor);
            out.println("added channel " + c.name() + ": " + c.kind().dbValue() + " " + c.destination());
        } else if (a.remove != null) {
            channels.remove(a.remove, actor);
            out.println("removed channel " + a.remove);
        } else if (a.enable != null || a.disable != null) {
            String n = a.enable != null ? a.enable : a.disable;
            Channel c = channels.setEnabled(n, a.enable != null, actor);
            out.println("channel " + c.name() + (c.enabled() ? " enabled" : " disabled"));
        } else if (a.test != null) {
            NotificationService.TestResult r = ctx.appForSetUp().notifications().sendTest(a.test, actor);
            if (!r.ok()) {
                ctx.err().println("pobsync: error: test of " + a.test + " failed: " + r.message());
                return ExitCodes.FAILURE;
            }
            out.println(r.message());
        } else if (a.list || !settingsGiven) {
            list(channels, out);
        }
        return ExitCodes.OK;
    }

    private ChannelSpec spec(Action a, ChannelService channels) {
        if (a.addWebhook != null && (smtpHost != null || smtpPort != null || smtpSecurity != null || smtpUser != null
                || smtpFrom != null)) {
            throw new UsageError("--smtp-* options belong to --add-email, not --add-webhook");
        }
        if (a.addEmail != null && (preset != null || secretHeader != null)) {
            throw new UsageError("--preset and --secret-header belong to --add-webhook, not --add-email");
        }
        String kind = a.addEmail != null ? "email" : preset == null ? "generic" : preset.trim().toLowerCase();
        String n = name != null ? name : freeName(channels, kind);
        ChannelSpec spec = a.addEmail != null
                ? ChannelSpec.email(n, a.addEmail, smtpHost, smtpPort, smtpSecurity, smtpUser,
                        ctx.env().get("POBSYNC_SMTP_PASSWORD"), smtpFrom)
                : ChannelSpec.webhook(n, a.addWebhook, preset)
                        .withSecretHeader(secretHeader, secretHeader == null ? null : ctx.env().get("POBSYNC_WEBHOOK_SECRET"));
        if (secretHeader != null && ctx.env().get("POBSYNC_WEBHOOK_SECRET") == null) {
            throw new UsageError("--secret-header needs its value in POBSYNC_WEBHOOK_SECRET");
        }
        if (a.addEmail != null && smtpUser != null && ctx.env().get("POBSYNC_SMTP_PASSWORD") == null) {
            throw new UsageError("--smtp-user needs the password in POBSYNC_SMTP_PASSWORD");
        }
        return spec.withLimits(hosts, conditions).withTimeout(timeout);
    }

    private static String freeName(ChannelService channels, String kind) {
        List<String> taken = channels.list().stream().map(Channel::name).toList();
        for (int i = 1; ; i++) {
            if (!taken.contains(kind + "-" + i)) {
                return kind + "-" + i;
            }
        }
    }

    private void updateSettings() {
        var service = ctx.appForSetUp().alertSettings();
        AlertSettings s = service.get();
        Integer digest = s.digestHour();
        if (digestHour != null) {
            String d = digestHour.trim().toLowerCase();
            try {
                digest = d.equals("off") || d.equals("none") ? null : Integer.valueOf(d);
            } catch (NumberFormatException e) {
                throw new UsageError("--digest-hour must be an hour from 0 to 23 or 'off', got '" + digestHour + "'");
            }
        }
        AlertSettings wanted = new AlertSettings(defaultExpectEvery != null ? defaultExpectEvery : s.defaultExpectHours(),
                reminderHours == null ? s.reminderHours() : reminderHours == 0 ? null : reminderHours, digest,
                diskFreePercent != null ? diskFreePercent : s.diskFreePercent(),
                panelUrl != null ? panelUrl : s.panelUrl(), null);
        service.update(wanted, AuditLog.cliActor());
        ctx.out().println("alert settings saved");
    }

    private void list(ChannelService channels, PrintStream out) {
        List<Channel> all = channels.list();
        if (all.isEmpty()) {
            out.println("No notification channels yet. Add one with --add-email or --add-webhook (see --help).");
        }
        for (Channel c : all) {
            String secret = c.kind() == Channel.Kind.EMAIL
                    ? (c.smtpUser() == null ? "no login" : "login " + c.smtpUser() + ", password "
                    + (channels.hasPassword(c) ? "set" : "NOT SET"))
                    : (c.secretHeader() == null ? "no secret header" : "header " + c.secretHeader() + " "
                    + (channels.hasHeaderValue(c) ? "set" : "NOT SET"));
            out.println(c.name() + (c.enabled() ? "" : " (disabled)") + ": " + c.kind().dbValue() + " "
                    + c.destination());
            if (c.kind() == Channel.Kind.EMAIL) {
                out.println("  smtp:       " + c.smtpHost() + ":" + c.smtpPort() + " " + c.smtpSecurity().dbValue()
                        + ", from " + c.smtpFrom());
            }
            out.println("  secret:     " + secret);
            out.println("  hosts:      " + (c.hosts().isEmpty() ? "all" : String.join(",", c.hosts())));
            out.println("  conditions: " + (c.conditions().isEmpty() ? "all"
                    : String.join(",", c.conditions().stream().map(AlertKind::dbValue).toList())));
        }
        AlertSettings s = ctx.appForSetUp().alertSettings().get();
        out.println("settings:     expect a good snapshot every " + s.defaultExpectHours() + " h by default; reminders "
                + (s.reminderHours() == null ? "off" : "every " + s.reminderHours() + " h") + "; daily digest "
                + (s.digestHour() == null ? "off" : "at " + s.digestHour() + ":00") + "; backup root low under "
                + s.diskFreePercent() + " %; panel " + (s.panelUrl() == null ? "address not set (no links)" : s.panelUrl()));
        int active = ctx.appForSetUp().notifications().activeAlerts().size();
        out.println("alerts now:   " + (active == 0 ? "none" : active + " (pobsync status, or the panel's Notifications page)"));
    }
}
