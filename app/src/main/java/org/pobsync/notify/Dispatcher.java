package org.pobsync.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pobsync.format.Human;
import org.pobsync.liveness.ProcessIdentity;
import org.pobsync.status.AlertSettings;
import org.pobsync.status.AlertSettingsRepository;
import org.pobsync.status.HostAlertSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds. Per channel, at most one message a {@link #CHANNEL_GAP}: what
 * waits is sent together as one message (a storm of 1,000 failing hosts is one e-mail). Per
 * host, pings go in order, one at a time. A send that fails is tried again after a growing wait
 * ({@link #retryAt}), for {@link #GIVE_UP_AFTER}; a mail server down for an hour delays messages
 * and loses none. A delivery is claimed (pending -> sending) before it is sent and recorded
 * after; if the notifier dies in between, {@link #recoverLost} puts it back, and the next send of
 * it says it is a retry (the one duplicate a kill between sending and recording can cause; a
 * send that timed out after the request went out is marked the same way).
 */
final class Dispatcher {

    static final Logger log = LoggerFactory.getLogger("notifier");
    static final Duration CHANNEL_GAP = Duration.ofMinutes(1);
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_RETRY = Duration.ofMinutes(15);
    static final Duration GIVE_UP_AFTER = Duration.ofDays(3);
    /** A send takes at most a channel's timeout (60 s at most); a claim older than this is lost. */
    static final Duration LOST_AFTER = Duration.ofMinutes(5);
    /** The most events one message carries; a storm of 1,000 hosts is one message. */
    static final int BATCH = 2000;

    /** What one pass sent. */
    record Sent(int messages, int deliveries, int failed) {
    }

    private final OutboxRepository outbox;
    private final ChannelService channels;
    private final AlertSettingsRepository settings;
    private final SmtpSender smtp;
    private final HttpSender http;
    private final Clock clock;

    Dispatcher(OutboxRepository outbox, ChannelService channels, AlertSettingsRepository settings, SmtpSender smtp,
               HttpSender http, Clock clock) {
        this.outbox = outbox;
        this.channels = channels;
        this.settings = settings;
        this.smtp = smtp;
        this.http = http;
        this.clock = clock;
    }

    /** Deliveries whose notifier is gone (process dead on this machine, or claimed too long ago) go back. */
    int recoverLost() {
        int n = 0;
        Instant now = clock.instant();
        for (Delivery d : outbox.sending()) {
            Optional<String> why = d.claim().lost(LOST_AFTER, now);
            if (why.isPresent() && outbox.release(d, "interrupted (" + why.get() + "); it is sent again, marked as a retry")) {
                log.warn("delivery {} ({}): its notifier is gone ({}); queued again", d.id(), d.target(), why.get());
                n++;
            }
        }
        return n;
    }

    Sent pass(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        int messages = 0;
        int deliveries = 0;
        int failed = 0;
        for (String target : outbox.dueTargets(clock.instant(), 1000)) {
            if (System.nanoTime() > deadline) {
                break;
            }
            Sent s = target.startsWith("ping:") ? sendPings(target) : sendChannel(target);
            messages += s.messages();
            deliveries += s.deliveries();
            failed += s.failed();
        }
        return new Sent(messages, deliveries, failed);
    }

    private Sent sendChannel(String target) {
        Instant now = clock.instant();
        List<Delivery> due = outbox.due(target, now, BATCH);
        if (due.isEmpty()) {
            return new Sent(0, 0, 0);
        }
        long channelId = Long.parseLong(target.substring("channel:".length()));
        Optional<Channel> channel = channels.byId(channelId);
        if (channel.isEmpty() || !channel.get().enabled()) {
            List<Long> ids = claim(due, now);
            outbox.markFailed(ids, channel.isEmpty() ? "the channel was removed" : "the channel is disabled", null);
            return new Sent(0, 0, ids.size());
        }
        if (!channels.takeSendSlot(channel.get(), now, CHANNEL_GAP)) {
            return new Sent(0, 0, 0); // sent less than a minute ago: what waits goes out together later
        }
        List<Long> ids = claim(due, now);
        if (ids.isEmpty()) {
            return new Sent(0, 0, 0);
        }
        List<Delivery> claimed = due.stream().filter(d -> ids.contains(d.id())).toList();
        boolean retry = claimed.stream().anyMatch(Delivery::retry);
        Message m = new Message(outbox.events(claimed.stream().map(Delivery::eventId).toList()), retry, links());
        String messageId = "<pobsync." + ids.get(0) + "." + ids.get(ids.size() - 1) + "@" + ProcessIdentity.hostname() + ">";
        return finish(claimed, () -> send(channel.get(), m, messageId), channel.get().name());
    }

    private Sent sendPings(String target) {
        int messages = 0;
        int failed = 0;
        long hostId = Long.parseLong(target.substring("ping:".length()));
        while (true) {
            Instant now = clock.instant();
            List<Delivery> due = outbox.due(target, now, 1);
            if (due.isEmpty()) {
                return new Sent(messages, messages, failed);
            }
            List<Long> ids = claim(due, now);
            if (ids.isEmpty()) {
                return new Sent(messages, messages, failed);
            }
            NotificationEvent e = outbox.events(List.of(due.get(0).eventId())).get(0);
            String url = settings.forHost(hostId).map(HostAlertSettings::pingUrl).orElse(null);
            if (url == null) {
                outbox.markFailed(ids, "the host has no ping URL any more", null);
                failed++;
                continue;
            }
            String suffix = PingTracker.START.equals(e.state()) ? "/start" : PingTracker.FAIL.equals(e.state()) ? "/fail" : "";
            Sent s = finish(List.of(due.get(0)), () -> http.ping(url, suffix, e.message()), "ping of " + e.subject());
            if (s.failed() > 0) {
                return new Sent(messages, messages, failed + 1); // later pings wait for this one
            }
            messages++;
        }
    }

    private interface Send {
        void run() throws SendFailure;
    }

    private Sent finish(List<Delivery> claimed, Send send, String what) {
        List<Long> ids = claimed.stream().map(Delivery::id).toList();
        try {
            send.run();
            outbox.markSent(ids, clock.instant());
            log.info("{}: sent {} notification(s){}", what, ids.size(), claimed.stream().anyMatch(Delivery::retry)
                    ? " (marked as a retry)" : "");
            return new Sent(1, ids.size(), 0);
        } catch (SendFailure f) {
            Delivery first = claimed.get(0);
            Instant retryAt = retryAt(first.attempts() + 1, first.createdAt(), clock.instant());
            outbox.markFailed(ids, retryAt != null ? f.getMessage() : "gave up after "
                    + Human.plural(first.attempts() + 1, "attempt") + " over " + GIVE_UP_AFTER.toDays() + " days: " + f.getMessage(), retryAt,
                    f.maybeDelivered());
            log.warn("{}: {} notification(s) not sent: {}; {}", what, ids.size(), f.getMessage(),
                    retryAt == null ? "giving up" : "next try at " + retryAt);
            return new Sent(0, 0, ids.size());
        }
    }

    private void send(Channel c, Message m, String messageId) throws SendFailure {
        if (c.kind() == Channel.Kind.EMAIL) {
            smtp.send(c, m, messageId);
        } else {
            http.webhook(c, m, clock.instant());
        }
    }

    /** The claimed ones of {@code due}; another notifier may have taken some. */
    private List<Long> claim(List<Delivery> due, Instant now) {
        return outbox.claim(due, now);
    }

    /**
     * When to try again after the {@code attempt}-th failure: 30 s, doubling up to 15 min; null
     * (give up) once the first delivery of the batch is {@link #GIVE_UP_AFTER} old.
     */
    static Instant retryAt(int attempt, Instant createdAt, Instant now) {
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(10, Math.max(0, attempt - 1)));
        Instant next = now.plus(wait.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : wait);
        return next.isAfter(createdAt.plus(GIVE_UP_AFTER)) ? null : next;
    }

    private AlertSettings links() {
        return settings.get();
    }
}
