package org.pobsync.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.pobsync.db.Database;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.retention.PruneQueue;
import org.pobsync.schedule.ScheduleService;
import org.pobsync.status.AlertSettingsRepository;
import org.pobsync.status.StatusService;

/**
 * One notifier pass, inside the worker process (SPEC section 14): give back deliveries whose
 * notifier died, turn condition changes and runs into outbox events, then send what is due.
 * Any number of workers may run it at once; the outbox's conditional writes keep each change
 * reported once and each delivery sent once (plus at most one marked retry after a kill).
 */
public final class Notifier {

    /** What one pass did, for the log. */
    public record PassResult(int recovered, AlertTracker.Tally tracked, int pings, Dispatcher.Sent sent) {
        boolean quiet() {
            return recovered == 0 && tracked.changed() == 0 && tracked.recovered() == 0 && tracked.reminded() == 0
                    && !tracked.digest() && pings == 0 && sent.messages() == 0 && sent.failed() == 0;
        }
    }

    /** The longest a pass spends sending before it looks at the conditions again. */
    static final Duration SEND_BUDGET = Duration.ofSeconds(60);
    /** How long the notification log keeps what was sent or given up on. */
    static final Duration LOG_KEPT = Duration.ofDays(90);

    private final ChannelService channels;
    private final AlertTracker tracker;
    private final PingTracker pings;
    private final Dispatcher dispatcher;
    private final OutboxRepository rows;
    private final Clock clock;
    private Instant purgedAt = Instant.EPOCH;

    public Notifier(Database db, ChannelService channels, AlertSettingsRepository settings, StatusService status,
                    Heartbeats heartbeats, ScheduleService schedules, PruneQueue prunes, Clock clock,
                    SSLSocketFactory smtpTls, SSLContext httpTls) {
        OutboxRepository rows = new OutboxRepository(db);
        Outbox outbox = new Outbox(rows);
        this.channels = channels;
        this.tracker = new AlertTracker(db, new Conditions(db, status, heartbeats, schedules, prunes),
                new AlertStateRepository(db), settings, outbox);
        this.pings = new PingTracker(db, outbox);
        this.dispatcher = new Dispatcher(rows, channels, settings, new SmtpSender(channels, smtpTls),
                new HttpSender(channels, httpTls), clock);
        this.rows = rows;
        this.clock = clock;
    }

    public PassResult pass() {
        int recovered = dispatcher.recoverLost();
        Instant now = clock.instant();
        List<Channel> all = channels.list();
        AlertTracker.Tally tracked = tracker.pass(all, now, clock.getZone());
        int pinged = pings.pass(now);
        Dispatcher.Sent sent = dispatcher.pass(SEND_BUDGET);
        if (purgedAt.isBefore(now.minus(Duration.ofHours(1)))) {
            rows.purge(now.minus(LOG_KEPT));
            purgedAt = now;
        }
        return new PassResult(recovered, tracked, pinged, sent);
    }
}
