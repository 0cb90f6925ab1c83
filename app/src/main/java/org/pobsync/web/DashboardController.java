package org.pobsync.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
     * first; the rest is counted, with a link: twenty already say what is wrong.
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
    private final FragmentRenderer fragments;
    private final PerOverview<Board> boards = new PerOverview<>();
    private final OverviewKept<ZoneId, String> lists = new OverviewKept<>();

    DashboardController(HostOverview overview, RunService runs, GlobalConfigService globalConfig,
                        Heartbeats heartbeats, Clock clock, FragmentRenderer fragments) {
        this.overview = overview;
        this.runs = runs;
        this.globalConfig = globalConfig;
        this.heartbeats = heartbeats;
        this.clock = clock;
        this.fragments = fragments;
    }

    @GetMapping("/")
    String dashboard(Model model, HttpServletRequest request, HttpServletResponse response) {
        Instant now = clock.instant();
        List<HostSummary> hosts = overview.hosts();
        Board board = boards.get(hosts, () -> board(hosts, now));
        model.addAttribute("hostCount", board.hostCount());
        model.addAttribute("states", board.states());
        model.addAttribute("disabledCount", board.disabledCount());
        model.addAttribute("failures", board.failures());
        model.addAttribute("disk", board.disk());
        model.addAttribute("services", board.services());
        model.addAttribute("schedulerSeen", board.services().stream().anyMatch(s -> s.fresh() && s.component().equals("scheduler")));
        model.addAttribute("workerSeen", board.services().stream().anyMatch(s -> s.fresh() && s.component().startsWith("worker")));
        addActiveRuns(model);
        // The failures and hosts lists change only with the overview: rendered once per overview and reader's zone.
        Fmt fmt = (Fmt) model.getAttribute("fmt");
        model.addAttribute("lists", lists.get(hosts, fmt.zone(), () -> {
            Map<String, Object> values = new HashMap<>(model.asMap());
            values.put("allHostsShown", board.allHostsShown());
            values.put("hosts", board.rows());
            values.put("attentionCount", board.attentionCount());
            return fragments.render("dashboard :: lists", values, request, response);
        }));
        return "dashboard";
    }

    /**
     * What the dashboard shows of one host overview (kept with it: {@link PerOverview}), with
     * what was true as it was taken (the failures not yet made good, the backup root's disk, the
     * services' heartbeats), whose lists are rendered once per reader's zone
     * ({@link OverviewKept}): a thousand hosts cost one sort, a few queries and one rendering
     * per refresh (at most one a second) instead of per request. The running backups stay live.
     */
    private record Board(int hostCount, boolean allHostsShown, List<HostSummary> rows,
                         int attentionCount, StateCounts states, long disabledCount, List<BackupRun> failures,
                         DiskUsage disk, List<Service> services) {
    }

    private Board board(List<HostSummary> hosts, Instant now) {
        List<HostSummary> attention = hosts.stream().filter(HostSummary::needsAttention).toList();
        // Few hosts: all of them, problems first. Many: the worst problems; the rest is one click away.
        boolean allHosts = hosts.size() <= HOST_ROWS;
        List<HostSummary> shown = new ArrayList<>(allHosts ? hosts : attention);
        shown.sort(Comparator.comparing((HostSummary h) -> h.state().severity())
                .thenComparing(h -> !h.needsAttention())
                .thenComparing(HostSummary::name));
        int rows = allHosts ? HOST_ROWS : ATTENTION_ROWS;
        // Only what still needs attention: a failure a later success of the host made good is history.
        return new Board(hosts.size(), allHosts, List.copyOf(shown.size() > rows ? shown.subList(0, rows) : shown),
                attention.size(), StateCounts.ofHosts(hosts), hosts.stream().filter(h -> !h.enabled()).count(),
                runs.unresolvedFailures(now.minus(FAILURE_WINDOW), RECENT_FAILURES),
                DiskUsage.of(globalConfig.get().backupRoot()), services(now));
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
