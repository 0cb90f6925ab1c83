package org.pobsync.notify;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.pobsync.audit.AuditLog;
import org.pobsync.db.Database;
import org.pobsync.liveness.ProcessIdentity;
import org.pobsync.status.AlertSettingsRepository;

/**
 * What the panel and {@code manage configure-notifications} do besides editing channels: send a
 * test through a channel at once (the answer, or the error, is shown and logged), and read the
 * notification log and the alerts that are bad right now.
 */
public final class NotificationService {

    /** The outcome of "send test": ok, or the reason it failed, in one sentence. */
    public record TestResult(boolean ok, String message) {
    }

    /** A condition that is bad now, for the notifications page. */
    public record ActiveAlert(String kind, String subject, String state, String message, Instant since) {
    }

    private final Database db;
    private final OutboxRepository outbox;
    private final ChannelService channels;
    private final AlertSettingsRepository settings;
    private final SmtpSender smtp;
    private final HttpSender http;
    private final AuditLog audit;
    private final Clock clock;

    public NotificationService(Database db, ChannelService channels, AlertSettingsRepository settings, AuditLog audit,
                               Clock clock, SSLSocketFactory smtpTls, SSLContext httpTls) {
        this.db = db;
        this.outbox = new OutboxRepository(db);
        this.channels = channels;
        this.settings = settings;
        this.smtp = new SmtpSender(channels, smtpTls);
        this.http = new HttpSender(channels, httpTls);
        this.audit = audit;
        this.clock = clock;
    }

    /** Sends a test message through the channel now (also when it is disabled) and records it in the log. */
    public TestResult sendTest(String channelName, String actor) {
        Channel c = channels.get(channelName);
        Instant now = clock.instant();
        NotificationEvent e = new NotificationEvent(0, EventKind.TEST, null, c.name(), null, null, null,
                "A test message from pobsync on " + ProcessIdentity.hostname() + ", sent by " + actor
                        + ". If you read this, the channel '" + c.name() + "' works.", now);
        long id = db.tx().execute(tx -> outbox.insertClaimed(e, c, now));
        NotificationEvent stored = outbox.events(List.of(outbox.get(id).eventId())).get(0);
        Message m = new Message(List.of(stored), false, settings.get());
        TestResult result;
        try {
            if (c.kind() == Channel.Kind.EMAIL) {
                smtp.send(c, m, "<pobsync.test." + id + "@" + ProcessIdentity.hostname() + ">");
            } else {
                http.webhook(c, m, now);
            }
            outbox.markSent(List.of(id), clock.instant());
            result = new TestResult(true, "test message sent through " + c.name() + " (" + c.destination() + ")");
        } catch (SendFailure f) {
            outbox.markFailed(List.of(id), f.getMessage(), null);
            result = new TestResult(false, f.getMessage());
        }
        audit.record(actor, "notify.test", c.name(), result.ok() ? "sent" : "failed: " + result.message());
        return result;
    }

    public List<LogEntry> log(int limit, int offset) {
        return outbox.log(limit, offset);
    }

    public long logCount() {
        return outbox.count();
    }

    public Map<String, Long> deliveriesByStatus() {
        return outbox.countByStatus();
    }

    public List<ActiveAlert> activeAlerts() {
        return new AlertStateRepository(db).all().stream().map(s -> new ActiveAlert(s.kind().dbValue(), s.subject(),
                s.state(), s.message(), s.since())).toList();
    }
}
