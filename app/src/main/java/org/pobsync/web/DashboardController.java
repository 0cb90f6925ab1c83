package org.pobsync.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunService;
import org.pobsync.runs.RunStatus;
import org.pobsync.status.Heartbeats;
import org.pobsync.status.StatusService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard: what needs attention first (stale hosts, failures, the services that must be
 * running), then what is running now (a live region), then every host.
 */
@Controller
class DashboardController {

    static final int RECENT_FAILURES = 10;
    static final Duration FAILURE_WINDOW = Duration.ofDays(7);
    /** A scheduler or worker not seen for this long is shown as not running. */
    static final Duration SERVICE_FRESH = Duration.ofMinutes(3);
    static final int RUNNING_REFRESH_MS = 5000;

    /** One long-running component as the dashboard shows it. */
    record Service(String component, String hostname, Instant lastSeen, boolean fresh) {
    }

    private final StatusService status;
    private final RunService runs;
    private final GlobalConfigService globalConfig;
    private final Heartbeats heartbeats;
    private final Clock clock;

    DashboardController(StatusService status, RunService runs, GlobalConfigService globalConfig,
                        Heartbeats heartbeats, Clock clock) {
        this.status = status;
        this.runs = runs;
        this.globalConfig = globalConfig;
        this.heartbeats = heartbeats;
        this.clock = clock;
    }

    @GetMapping("/")
    String dashboard(Model model) {
        Instant now = clock.instant();
        List<StatusService.HostStatus> hosts = new ArrayList<>(status.hostStatuses());
        // Stale hosts first: they are why an operator opens the dashboard.
        hosts.sort(Comparator.comparing((StatusService.HostStatus h) -> !h.stale())
                .thenComparing(h -> h.host().name()));
        model.addAttribute("hosts", hosts);
        model.addAttribute("staleCount", hosts.stream().filter(StatusService.HostStatus::stale).count());
        model.addAttribute("disabledCount", hosts.stream().filter(h -> !h.host().enabled()).count());
        model.addAttribute("disk", StatusService.disk(globalConfig.get().backupRoot()));
        model.addAttribute("failures", runs.list(null, RunStatus.FAILED, RECENT_FAILURES, 0).stream()
                .filter(r -> r.queuedAt().isAfter(now.minus(FAILURE_WINDOW))).toList());
        List<Service> services = services(now);
        model.addAttribute("services", services);
        model.addAttribute("schedulerSeen", services.stream().anyMatch(s -> s.fresh() && s.component().equals("scheduler")));
        model.addAttribute("workerSeen", services.stream().anyMatch(s -> s.fresh() && s.component().startsWith("worker")));
        addActiveRuns(model);
        return "dashboard";
    }

    /** The running-backups region alone, polled by refresh.js; it stays active (new runs may start). */
    @GetMapping("/dashboard/running")
    String running(Model model, HttpServletResponse response) {
        addActiveRuns(model);
        Refresh.active(response, true);
        return "dashboard :: running";
    }

    private void addActiveRuns(Model model) {
        List<BackupRun> running = runs.repository().findByStatus(RunStatus.RUNNING);
        List<BackupRun> queued = runs.repository().findByStatus(RunStatus.QUEUED);
        model.addAttribute("running", running);
        model.addAttribute("queued", queued);
        model.addAttribute("runningRefreshMs", RUNNING_REFRESH_MS);
    }

    private List<Service> services(Instant now) {
        List<Service> list = new ArrayList<>();
        for (Heartbeats.Heartbeat hb : heartbeats.all()) {
            list.add(new Service(hb.component(), hb.hostname(), hb.lastSeenAt(),
                    hb.lastSeenAt() != null && hb.lastSeenAt().isAfter(now.minus(SERVICE_FRESH))));
        }
        return list;
    }
}
