package org.pobsync.web.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.pobsync.runs.RunStatus;
import org.pobsync.status.HostState;
import org.pobsync.status.StatusService;

/**
 * pobsync's gauges (docs/api.md lists them). Their values are a {@link MetricsReadings} that
 * {@link #update} replaces on each scrape; per-host and per-component series are multi-gauges
 * whose rows are replaced with it, so a deleted host's series disappear.
 */
final class PobsyncMeters implements MeterBinder {

    private volatile MetricsReadings readings;
    private MultiGauge lastSuccess;
    private MultiGauge lastRunStatus;
    private MultiGauge lastRunDuration;
    private MultiGauge lastRunBytes;
    private MultiGauge stale;
    private MultiGauge state;
    private MultiGauge lastGood;
    private MultiGauge enabled;
    private MultiGauge snapshotCount;
    private MultiGauge snapshotSize;
    private MultiGauge snapshotUnique;
    private MultiGauge heartbeatAge;
    private MultiGauge deliveries;
    private MultiGauge alerts;

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
        List<MultiGauge.Row<?>> success = new ArrayList<>();
        List<MultiGauge.Row<?>> status = new ArrayList<>();
        List<MultiGauge.Row<?>> staleRows = new ArrayList<>();
        List<MultiGauge.Row<?>> stateRows = new ArrayList<>();
        List<MultiGauge.Row<?>> goodRows = new ArrayList<>();
        List<MultiGauge.Row<?>> enabledRows = new ArrayList<>();
        for (MetricsReadings.HostReading h : r.hosts()) {
            if (h.lastGood() != null) {
                success.add(MultiGauge.Row.of(Tags.of("host", h.host()), h.lastGood().toEpochMilli() / 1000.0));
                goodRows.add(MultiGauge.Row.of(Tags.of("host", h.host()), h.lastGood().toEpochMilli() / 1000.0));
            }
            for (HostState s : HostState.values()) {
                stateRows.add(MultiGauge.Row.of(Tags.of("host", h.host(), "state", s.dbValue()),
                        s == h.health().state() ? 1 : 0));
            }
            if (h.lastRunStatus() != null) {
                for (RunStatus s : RunStatus.values()) {
                    status.add(MultiGauge.Row.of(Tags.of("host", h.host(), "status", s.dbValue()),
                            s == h.lastRunStatus() ? 1 : 0));
                }
            }
            staleRows.add(MultiGauge.Row.of(Tags.of("host", h.host()), h.health().stale() ? 1 : 0));
            enabledRows.add(MultiGauge.Row.of(Tags.of("host", h.host()), h.enabled() ? 1 : 0));
        }
        lastSuccess.register(success, true);
        lastGood.register(goodRows, true);
        state.register(stateRows, true);
        lastRunStatus.register(status, true);
        stale.register(staleRows, true);
        enabled.register(enabledRows, true);

        List<MultiGauge.Row<?>> duration = new ArrayList<>();
        List<MultiGauge.Row<?>> bytes = new ArrayList<>();
        for (StatusService.LastFinishedRun f : r.lastFinished()) {
            if (f.duration() != null) {
                duration.add(MultiGauge.Row.of(Tags.of("host", f.host()), f.duration().toMillis() / 1000.0));
            }
            if (f.bytesTransferred() != null) {
                bytes.add(MultiGauge.Row.of(Tags.of("host", f.host()), f.bytesTransferred()));
            }
        }
        lastRunDuration.register(duration, true);
        lastRunBytes.register(bytes, true);

        List<MultiGauge.Row<?>> counts = new ArrayList<>();
        List<MultiGauge.Row<?>> sizes = new ArrayList<>();
        List<MultiGauge.Row<?>> unique = new ArrayList<>();
        for (StatusService.SnapshotTotals g : r.snapshots()) {
            Tags tags = Tags.of("host", g.host(), "status", g.status());
            counts.add(MultiGauge.Row.of(tags, g.count()));
            sizes.add(MultiGauge.Row.of(tags, g.totalBytes()));
            unique.add(MultiGauge.Row.of(tags, g.uniqueBytes()));
        }
        snapshotCount.register(counts, true);
        snapshotSize.register(sizes, true);
        snapshotUnique.register(unique, true);

        deliveries.register(r.deliveries().entrySet().stream().map(e -> (MultiGauge.Row<?>) MultiGauge.Row.of(
                Tags.of("status", e.getKey()), e.getValue())).toList(), true);
        alerts.register(r.alerts().entrySet().stream().map(e -> (MultiGauge.Row<?>) MultiGauge.Row.of(
                Tags.of("kind", e.getKey()), e.getValue())).toList(), true);
        heartbeatAge.register(r.heartbeats().stream().map(hb -> (MultiGauge.Row<?>) MultiGauge.Row.of(
                Tags.of("component", hb.component(), "hostname", hb.hostname()), hb.ageSeconds())).toList(), true);
    }

    private static MultiGauge multi(MeterRegistry registry, String name, String unit, String description) {
        return MultiGauge.builder(name).baseUnit(unit).description(description).register(registry);
    }

    private void scalar(MeterRegistry registry, String name, String unit, String description,
                        ToDoubleFunction<MetricsReadings> value) {
        Gauge.builder(name, this, m -> m.readings == null ? Double.NaN : value.applyAsDouble(m.readings))
                .baseUnit(unit).description(description).strongReference(true).register(registry);
    }
}
