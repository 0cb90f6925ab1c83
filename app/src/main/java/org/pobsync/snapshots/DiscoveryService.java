package org.pobsync.snapshots;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.pobsync.audit.AuditLog;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.engine.discovery.DiscoveredSnapshot;
import org.pobsync.engine.discovery.SizeMode;
import org.pobsync.engine.discovery.SnapshotScanner;
import org.pobsync.engine.discovery.SnapshotSizes;
import org.pobsync.format.Human;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;

/**
 * Snapshot discovery (SPEC section 6): records what is on disk under the backup root, links
 * base records, and marks records whose directory vanished as missing. Read-only on disk and
 * idempotent: a second run over an unchanged tree changes nothing.
 */
public final class DiscoveryService {

    /** What one discovery found and changed, per host. */
    public record HostReport(String host, int found, int added, int updated, int missing, int unchanged) {
    }

    /**
     * @param unrecognised entries under the backup root that are neither snapshots nor pobsync's
     *                     own (another tool's {@code daily.0}, a renamed snapshot), relative to
     *                     the root: left alone, but named so that nothing is skipped unseen
     */
    public record Report(List<HostReport> hosts, List<String> skipped, List<String> unrecognised) {

        /** At most this many unrecognised entries are named in the one-line summary. */
        static final int NAMED_IN_SUMMARY = 5;

        public String summary() {
            int found = 0;
            int added = 0;
            int updated = 0;
            int missing = 0;
            for (HostReport h : hosts) {
                found += h.found();
                added += h.added();
                updated += h.updated();
                missing += h.missing();
            }
            return Human.plural(found, "snapshot") + " on disk: " + added + " new, " + updated + " updated, " + missing
                    + " marked missing" + (skipped.isEmpty() ? "" : "; skipped " + String.join(", ", skipped))
                    + unrecognisedSummary();
        }

        private String unrecognisedSummary() {
            if (unrecognised.isEmpty()) {
                return "";
            }
            List<String> named = unrecognised.subList(0, Math.min(NAMED_IN_SUMMARY, unrecognised.size()));
            int more = unrecognised.size() - named.size();
            return "; not snapshots, left alone: " + String.join(", ", named) + (more == 0 ? "" : " and " + more + " more");
        }
    }

    private final GlobalConfigService globalConfig;
    private final HostService hosts;
    private final SnapshotRepository snapshots;
    private final AuditLog audit;
    private final Clock clock;

    public DiscoveryService(GlobalConfigService globalConfig, HostService hosts, SnapshotRepository snapshots,
                            AuditLog audit, Clock clock) {
        this.globalConfig = globalConfig;
        this.hosts = hosts;
        this.snapshots = snapshots;
        this.audit = audit;
        this.clock = clock;
    }

    /** Scans one host (hostName non-null) or every host directory under the backup root. */
    public Report discover(String hostName, String actor) {
        // An unmounted backup disk must not turn every snapshot record into "missing".
        SnapshotScanner scanner = new SnapshotScanner(globalConfig.forRootAccess().backupRoot());
        Map<String, List<DiscoveredSnapshot>> byHost = new LinkedHashMap<>();
        List<Host> targets = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            if (hostName != null) {
                Host host = hosts.get(hostName);
                targets.add(host);
                byHost.put(host.name(), scanner.scanHost(host.name(), SizeMode.WITH_SIZES));
            } else {
                for (DiscoveredSnapshot d : scanner.scanAll(SizeMode.WITH_SIZES)) {
                    byHost.computeIfAbsent(d.host(), h -> new ArrayList<>()).add(d);
                }
                for (String h : byHost.keySet()) {
                    if (!hosts.exists(h)) {
                        skipped.add(h + " (directory without a configured host)");
                    }
                }
                targets.addAll(hosts.list());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scan " + globalConfig.get().backupRoot() + ": " + e.getMessage(), e);
        }
        List<HostReport> reports = new ArrayList<>();
        for (Host host : targets) {
            reports.add(record(host, byHost.getOrDefault(host.name(), List.of())));
        }
        Path root = globalConfig.get().backupRoot();
        List<String> unrecognised = scanner.unrecognised().stream().map(p -> root.relativize(p).toString()).toList();
        Report report = new Report(reports, skipped, unrecognised);
        audit.record(actor, "snapshots.discover", hostName == null ? "all" : hostName, report.summary());
        return report;
    }

    private HostReport record(Host host, List<DiscoveredSnapshot> found) {
        Map<String, SnapshotRecord> existing = new HashMap<>();
        for (SnapshotRecord r : snapshots.findByHost(host.id())) {
            existing.put(r.name(), r);
        }
        int added = 0;
        int updated = 0;
        int unchanged = 0;
        Map<String, Long> ids = new HashMap<>();
        Map<Long, Long> addedBytes = snapshots.addedBytes(host.id());
        for (DiscoveredSnapshot d : found) {
            SnapshotStatus status = SnapshotStatus.parse(d.status().dbValue());
            SnapshotSizes sizes = d.sizes();
            SnapshotRecord old = existing.get(d.name());
            SnapshotRecord fresh = new SnapshotRecord(old == null ? 0 : old.id(), host.id(), host.name(), d.name(),
                    d.path().toString(), status, millis(d.startedAt()), millis(d.finishedAt()), d.baseName(),
                    old == null ? null : old.baseSnapshotId(),
                    sizes == null ? (old == null ? null : old.fileCount()) : Long.valueOf(sizes.files()),
                    sizes == null ? (old == null ? null : old.totalBytes()) : Long.valueOf(sizes.totalBytes()),
                    sizes == null ? (old == null ? null : old.uniqueBytes()) : Long.valueOf(sizes.uniqueBytes()),
                    old == null ? null : old.runId(), old == null ? clock.instant() : old.discoveredAt(), null);
            if (old == null) {
                ids.put(d.name(), snapshots.insert(fresh));
                added++;
            } else if (old.status() == SnapshotStatus.DELETING) {
                // A prune is (or was) removing it: leave it to the prune to finish.
                ids.put(d.name(), old.id());
                unchanged++;
            } else if (!sameAs(old, fresh)
                    || (d.addedBytes() != null && !d.addedBytes().equals(addedBytes.get(old.id())))) {
                snapshots.update(fresh);
                ids.put(d.name(), old.id());
                updated++;
            } else {
                ids.put(d.name(), old.id());
                unchanged++;
            }
        }
        for (DiscoveredSnapshot d : found) {
            if (d.addedBytes() != null && !d.addedBytes().equals(addedBytes.get(ids.get(d.name())))) {
                snapshots.setAddedBytes(ids.get(d.name()), d.addedBytes());
            }
        }
        int missing = 0;
        for (SnapshotRecord r : existing.values()) {
            if (ids.containsKey(r.name())) {
                continue;
            }
            if (r.status() == SnapshotStatus.DELETING) {
                snapshots.setStatus(r.id(), SnapshotStatus.DELETED, clock.instant());
            } else if (r.status() != SnapshotStatus.DELETED && r.status() != SnapshotStatus.MISSING) {
                snapshots.setStatus(r.id(), SnapshotStatus.MISSING, null);
                missing++;
            }
        }
        // Link base records now that every snapshot of the host has an id.
        for (DiscoveredSnapshot d : found) {
            Long baseId = d.baseName() == null ? null : ids.get(d.baseName());
            if (baseId == null && d.baseName() != null && existing.containsKey(d.baseName())) {
                baseId = existing.get(d.baseName()).id();
            }
            SnapshotRecord r = snapshots.findById(ids.get(d.name())).orElseThrow();
            if (r.status() != SnapshotStatus.DELETING && !java.util.Objects.equals(r.baseSnapshotId(), baseId)) {
                snapshots.update(new SnapshotRecord(r.id(), r.hostId(), r.hostName(), r.name(), r.path(), r.status(),
                        r.startedAt(), r.finishedAt(), r.baseName(), baseId, r.fileCount(), r.totalBytes(),
                        r.uniqueBytes(), r.runId(), r.discoveredAt(), r.deletedAt()));
            }
        }
        return new HostReport(host.name(), found.size(), added, updated, missing, unchanged);
    }

    /** The database keeps milliseconds; compare and store at that precision. */
    private static java.time.Instant millis(java.time.Instant t) {
        return t == null ? null : t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    private static boolean sameAs(SnapshotRecord a, SnapshotRecord b) {
        return a.status() == b.status() && a.path().equals(b.path())
                && java.util.Objects.equals(a.startedAt(), b.startedAt())
                && java.util.Objects.equals(a.finishedAt(), b.finishedAt())
                && java.util.Objects.equals(a.baseName(), b.baseName())
                && java.util.Objects.equals(a.fileCount(), b.fileCount())
                && java.util.Objects.equals(a.totalBytes(), b.totalBytes())
                && java.util.Objects.equals(a.uniqueBytes(), b.uniqueBytes())
                && a.deletedAt() == null;
    }
}
