package org.pobsync.web.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.pobsync.runs.RunStatus;
import org.pobsync.status.HostState;
import org.pobsync.status.StatusService;

/**
 * pobsync's gauges (docs/api.md lists them). Their values are a {@link MetricsReadings} that
 * {@link #update} replaces on each scrape; per-host and per-component series are {@link Series},
 * whose rows follow it, so a deleted host's series disappear.
 */
final class PobsyncMeters implements MeterBinder {

    private volatile MetricsReadings readings;
    private Series lastSuccess;
    private Series lastRunStatus;
    private Series lastRunDuration;
    private Series lastRunBytes;
    private Series stale;
    private Series state;
    private Series lastGood;
    private Series enabled;
    private Series snapshotCount;
    private Series snapshotSize;
    private Series snapshotUnique;
    private Series heartbeatAge;
    private Series deliveries;
    private Series alerts;

    @Override
    public void bindTo(MeterRegistry registry) {
        lastSuccess = multi(registry, "pobsync.host.last.success.timestamp", "seconds",
                "When the host's newest snapshot that counts as good finished (Unix time); as last_good_snapshot");
        lastRunStatus = multi(registry, "pobsync.host.last.run.status", null,
                "1 for the status of the host's newest run, 0 for the other statuses");
        lastRunDuration = multi(registry, "pobsync.host.last.run.duration", "seconds",
                "Wall time of the host's newest finished run (dry runs left out)");
        lastRunBytes = multi(registry, "pobsync.host.last.run.transferred", "bytes",
                "Bytes rsync transferred in the host's newest finished run (dry runs left out)");
        stale = multi(registry, "pobsync.host.stale", null,
                "1 when the host's state is late or never (no good snapshot within its expectation)");
        state = multi(registry, "pobsync.host.state", null,
                "1 for the host's state (ok, late, failing, never, disabled), 0 for the other states");
        lastGood = multi(registry, "pobsync.host.last.good.snapshot.timestamp", "seconds",
                "When the host's newest snapshot that counts as good finished (Unix time)");
        enabled = multi(registry, "pobsync.host.enabled", null, "1 when the host is enabled");
        snapshotCount = multi(registry, "pobsync.host.snapshots", null, "Snapshot records of the host by status");
        snapshotSize = multi(registry, "pobsync.host.snapshot.size", "bytes",
                "Sum of the total sizes of the host's snapshots by status (hard-linked files counted in each)");
        snapshotUnique = multi(registry, "pobsync.host.snapshot.unique", "bytes",
                "Sum of the bytes of the host's snapshots not shared with another snapshot, by status");
        heartbeatAge = multi(registry, "pobsync.heartbeat.age", "seconds",
                "Seconds since a long-running component (web, scheduler, worker) last reported");
        deliveries = multi(registry, "pobsync.notification.deliveries", null,
                "Notification deliveries by status: pending (waiting or retrying), sending, sent, failed (given up)");
        alerts = multi(registry, "pobsync.alerts.active", null,
                "Alert conditions that are bad right now, by kind (as the notifier last recorded them)");
        scalar(registry, "pobsync.backup.root.present", null, "1 when the backup root exists (0: missing, not mounted?)",
                r -> r.disk().exists() ? 1 : 0);
        scalar(registry, "pobsync.runs.queued", null, "Runs waiting for a worker", r -> r.queued());
        scalar(registry, "pobsync.runs.running", null, "Runs in progress", r -> r.running());
        scalar(registry, "pobsync.backup.root.free", "bytes", "Free space of the backup root's file system",
                r -> r.disk().freeBytes());
        scalar(registry, "pobsync.backup.root.size", "bytes", "Size of the backup root's file system",
                r -> r.disk().totalBytes());
    }

    void update(MetricsReadings r) {
        readings = r;
        Series.Values success = new Series.Values();
        Series.Values status = new Series.Values();
        Series.Values staleRows = new Series.Values();
        Series.Values stateRows = new Series.Values();
        Series.Values goodRows = new Series.Values();
        Series.Values enabledRows = new Series.Values();
        for (MetricsReadings.HostReading h : r.hosts()) {
            Tags host = Tags.of("host", h.host());
            if (h.lastGood() != null) {
                success.put(host, h.lastGood().toEpochMilli() / 1000.0);
                goodRows.put(host, h.lastGood().toEpochMilli() / 1000.0);
            }
            for (HostState s : HostState.values()) {
                stateRows.put(host.and("state", s.dbValue()), s == h.health().state() ? 1 : 0);
            }
            if (h.lastRunStatus() != null) {
                for (RunStatus s : RunStatus.values()) {
                    status.put(host.and("status", s.dbValue()), s == h.lastRunStatus() ? 1 : 0);
                }
            }
            staleRows.put(host, h.health().stale() ? 1 : 0);
            enabledRows.put(host, h.enabled() ? 1 : 0);
        }
        lastSuccess.publish(success);
        lastGood.publish(goodRows);
        state.publish(stateRows);
        lastRunStatus.publish(status);
        stale.publish(staleRows);
        enabled.publish(enabledRows);

        Series.Values duration = new Series.Values();
        Series.Values bytes = new Series.Values();
        for (StatusService.LastFinishedRun f : r.lastFinished()) {
            if (f.duration() != null) {
                duration.put(Tags.of("host", f.host()), f.duration().toMillis() / 1000.0);
            }
            if (f.bytesTransferred() != null) {
                bytes.put(Tags.of("host", f.host()), f.bytesTransferred());
            }
        }
        lastRunDuration.publish(duration);
        lastRunBytes.publish(bytes);

        Series.Values counts = new Series.Values();
        Series.Values sizes = new Series.Values();
        Series.Values unique = new Series.Values();
        for (StatusService.SnapshotTotals g : r.snapshots()) {
            Tags tags = Tags.of("host", g.host(), "status", g.status());
            counts.put(tags, g.count());
            sizes.put(tags, g.totalBytes());
            unique.put(tags, g.uniqueBytes());
        }
        snapshotCount.publish(counts);
        snapshotSize.publish(sizes);
        snapshotUnique.publish(unique);

        Series.Values delivered = new Series.Values();
        r.deliveries().forEach((k, v) -> delivered.put(Tags.of("status", k), v));
        deliveries.publish(delivered);
        Series.Values active = new Series.Values();
        r.alerts().forEach((k, v) -> active.put(Tags.of("kind", k), v));
        alerts.publish(active);
        Series.Values ages = new Series.Values();
        r.heartbeats().forEach(hb -> ages.put(Tags.of("component", hb.component(), "hostname", hb.hostname()),
                hb.ageSeconds()));
        heartbeatAge.publish(ages);
    }

    private static Series multi(MeterRegistry registry, String name, String unit, String description) {
        return new Series(registry, name, unit, description);
    }

    private void scalar(MeterRegistry registry, String name, String unit, String description,
                        ToDoubleFunction<MetricsReadings> value) {
        Gauge.builder(name, this, m -> m.readings == null ? Double.NaN : value.applyAsDouble(m.readings))
                .baseUnit(unit).description(description).strongReference(true).register(registry);
    }
}
