package org.pobsync.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.engine.layout.DiskUsage;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.panel.Refresh;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunService;
import org.pobsync.runs.RunStatus;
import org.pobsync.status.HostOverview;
import org.pobsync.status.HostSummary;
import org.pobsync.status.StateCounts;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard: what needs attention first (hosts late, failing or never backed up, failures,
 * the services that must be running), then what is running now (a live region), then the hosts:
 * all of them on a small installation, the ones needing attention on a large one.
 */
@Controller
class DashboardController {

    static final int RECENT_FAILURES = 10;
    static final Duration FAILURE_WINDOW = Duration.ofDays(7);
    static final int RUNNING_REFRESH_MS = 5000;
    /** Up to this many hosts the dashboard lists them all; beyond, only those needing attention. */
    static final int HOST_ROWS = 50;
    /**
     * Beyond {@link #HOST_ROWS} hosts, at most this many of those needing attention, the worst
     * first; the rest is counted, with a link. Each row costs about 0.07 ms of server CPU (most
     * of a 1,000-host dashboard's), and twenty already say what is wrong.
     */
    static final int ATTENTION_ROWS = 20;

    /** One long-running component as the dashboard shows it. */
    record Service(String component, String hostname, Instant lastSeen, boolean fresh) {
    }

    private final HostOverview overview;
    private final RunService runs;
    private final GlobalConfigService globalConfig;
    private final Heartbeats heartbeats;
    private final Clock clock;

    DashboardController(HostOverview overview, RunService runs, GlobalConfigService globalConfig,
                        Heartbeats heartbeats, Clock clock) {
        this.overview = overview;
        this.runs = runs;
        this.globalConfig = globalConfig;
        this.heartbeats = heartbeats;
        this.clock = clock;
    }

    @GetMapping("/")
    String dashboard(Model model) {
        Instant now = clock.instant();
        List<HostSummary> hosts = overview.hosts();
        List<HostSummary> attention = hosts.stream().filter(HostSummary::needsAttention).toList();
        // Few hosts: all of them, problems first. Many: the worst problems; the rest is one click away.
        boolean allHosts = hosts.size() <= HOST_ROWS;
        List<HostSummary> shown = new ArrayList<>(allHosts ? hosts : attention);
        shown.sort(Comparator.comparing((HostSummary h) -> h.state().severity())
                .thenComparing(h -> !h.needsAttention())
                .thenComparing(HostSummary::name));
        model.addAttribute("hostCount", hosts.size());
        model.addAttribute("allHostsShown", allHosts);
        int rows = allHosts ? HOST_ROWS : ATTENTION_ROWS;
        model.addAttribute("hosts", shown.size() > rows ? shown.subList(0, rows) : shown);
        model.addAttribute("attentionCount", attention.size());
        model.addAttribute("states", StateCounts.ofHosts(hosts));
        model.addAttribute("disabledCount", hosts.stream().filter(h -> !h.enabled()).count());
        model.addAttribute("disk", DiskUsage.of(globalConfig.get().backupRoot()));
        // Only what still needs attention: a failure a later success of the host made good is history.
        model.addAttribute("failures", runs.unresolvedFailures(now.minus(FAILURE_WINDOW), RECENT_FAILURES));
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
        List<BackupRun> running = runs.withStatus(RunStatus.RUNNING);
        List<BackupRun> queued = runs.withStatus(RunStatus.QUEUED);
        model.addAttribute("running", running);
        model.addAttribute("queued", queued);
        model.addAttribute("runningRefreshMs", RUNNING_REFRESH_MS);
    }

    private List<Service> services(Instant now) {
        List<Service> list = new ArrayList<>();
        for (Heartbeats.Heartbeat hb : heartbeats.all()) {
            list.add(new Service(hb.component(), hb.hostname(), hb.lastSeenAt(), hb.fresh(now)));
        }
        return list;
    }
}
