package org.pobsync.notify;

import java.time.Duration;
import org.pobsync.loop.PeriodicLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Notifier} on its own thread next to the worker's passes, so a slow mail server
 * never delays a backup and a long backup never delays an alert.
 */
public final class NotifierLoop extends PeriodicLoop {

    static final Logger log = LoggerFactory.getLogger("notifier");

    private final Notifier notifier;

    public NotifierLoop(Notifier notifier, Duration interval) {
        super("notifier", interval, interval, log);
        this.notifier = notifier;
    }

    @Override
    protected Duration pass() {
        Notifier.PassResult r = notifier.pass();
        if (!r.quiet()) {
            log.debug("pass: {}", r);
        }
        return interval();
    }
}
