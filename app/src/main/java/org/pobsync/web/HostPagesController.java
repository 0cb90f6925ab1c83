package org.pobsync.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.credentials.ConnectionTest;
import org.pobsync.credentials.CredentialService;
import org.pobsync.engine.ssh.ProbeResult;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.runs.BackupReadiness;
import org.pobsync.runs.BackupRun;
import org.pobsync.runs.RunService;
import org.pobsync.schedule.CronExpression;
import org.pobsync.schedule.Schedule;
import org.pobsync.snapshots.SnapshotRepository;
import org.pobsync.status.HostOverview;
import org.pobsync.status.HostSummary;
import org.pobsync.status.StatusService;
import org.pobsync.validation.ConflictException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A host's page: configuration, schedule, recent runs, snapshots, actions (the list: {@link HostListController}). */
@Controller
class HostPagesController {

    static final int RECENT_RUNS = 10;
    static final int RECENT_SNAPSHOTS = 15;
    static final int NEXT_RUNS = 3;

    private final HostService hosts;
    private final StatusService status;
    private final RunService runs;
    private final SnapshotRepository snapshots;
    private final CredentialService credentials;
    private final ConnectionTest connectionTest;
    private final GlobalConfigService globalConfig;
    private final Clock clock;
    private final BackupReadiness readiness;
    private final HostOverview overview;
    private final FragmentRenderer fragments;
    private final OverviewKept<String, Map<String, Object>> details = new OverviewKept<>();
    private final OverviewKept<Facts, String> facts = new OverviewKept<>();

    HostPagesController(HostService hosts, StatusService status, RunService runs, SnapshotRepository snapshots,
                        CredentialService credentials, ConnectionTest connectionTest,
                        GlobalConfigService globalConfig, Clock clock, BackupReadiness readiness,
                        HostOverview overview, FragmentRenderer fragments) {
        this.readiness = readiness;
        this.overview = overview;
        this.fragments = fragments;
        this.hosts = hosts;
        this.status = status;
        this.runs = runs;
        this.snapshots = snapshots;
        this.credentials = credentials;
        this.connectionTest = connectionTest;
        this.globalConfig = globalConfig;
        this.clock = clock;
    }

    @GetMapping("/hosts/{name}/")
    String show(@PathVariable String name, Model model, HttpServletRequest request, HttpServletResponse response) {
        // What the page shows changes with the shared host overview: made once per overview (at
        // most one a second, and after every change the panel makes), like the dashboard's lists.
        List<HostSummary> current = overview.hosts();
        Map<String, Object> detail = details.get(current, name, () -> detail(name, clock.instant()));
        model.addAllAttributes(detail);
        // The facts, runs and snapshots hold no form: their markup is shared by every reader in a zone.
        Fmt fmt = (Fmt) model.getAttribute("fmt");
        model.addAttribute("facts", facts.get(current, new Facts(name, fmt.zone()),
                () -> fragments.render("hosts/detail :: facts", model.asMap(), request, response)));
        return "hosts/detail";
    }

    /** What a host's page shows besides the session's own (its forms, its zone). */
    private record Facts(String host, ZoneId zone) {
    }

    private Map<String, Object> detail(String name, Instant now) {
        Host host = hosts.get(name);
        GlobalConfig global = globalConfig.get();
        StatusService.HostStatus hs = status.hostStatus(host, now);
        List<BackupRun> recent = runs.list(name, null, RECENT_RUNS, 0);
        Map<String, Object> model = new HashMap<>();
        model.put("host", host);
        model.put("status", hs);
        model.put("global", global);
        model.put("retention", host.retentionOverride() != null ? host.retentionOverride() : global.retention());
        model.put("runs", recent);
        BackupReadiness.Blocker blocker = readiness.backupBlocker(host).orElse(null);
        model.put("blocker", blocker);
        model.put("connectionBlocked", blocker != null && blocker.blocksConnections());
        model.put("activeRun", recent.stream().filter(r -> !r.status().finished()).findFirst().orElse(null));
        model.put("snapshots", snapshots.find(host.id(), null, RECENT_SNAPSHOTS, 0));
        model.put("snapshotCount", snapshots.count(host.id(), null));
        model.put("diskUse", snapshots.diskUse(host.id()));
        List<SnapshotRepository.Added> added = snapshots.addedOverTime(host.id());
        model.put("added", added.stream().filter(a -> a.addedBytes() != null)
                .collect(java.util.stream.Collectors.toMap(SnapshotRepository.Added::id,
                        SnapshotRepository.Added::addedBytes)));
        model.put("diskUseChart", DiskUseChart.of(added));
        model.put("pinnedKeys", host.transport() == org.pobsync.engine.Transport.SSH
                ? credentials.pinned(host) : List.of());
        Schedule schedule = hs.schedule();
        if (schedule != null) {
            CronExpression cron = schedule.cron(); // parsing is the expensive part: once per page
            model.put("cronDescription", cron.describe());
            model.put("nextRuns", schedule.enabled() ? cron.nextRuns(now, schedule.timeZone(), NEXT_RUNS)
                    : List.of());
        }
        return java.util.Collections.unmodifiableMap(model);
    }

    /** Logs in to the host with pobsync's key and runs a harmless command; the result is one line. */
    @PostMapping("/hosts/{name}/test-connection")
    String testConnection(@PathVariable String name, Principal principal, RedirectAttributes redirect) {
        Host host = hosts.get(name);
        var blocker = readiness.connectionBlocker(host);
        if (blocker.isPresent()) {
            // The page offers no test then; a page opened before the key was removed still may.
            redirect.addFlashAttribute("flashError", "Connection test not possible: " + blocker.get().panelFix());
            return "redirect:/hosts/" + name + "/";
        }
        try {
            ProbeResult r = connectionTest.run(host, principal.getName());
            redirect.addFlashAttribute(r.ok() ? "flashOk" : "flashError", "Connection test: " + r.message());
        } catch (ConflictException | IllegalStateException e) {
            redirect.addFlashAttribute("flashError", "Connection test not possible: " + e.getMessage());
        }
        return "redirect:/hosts/" + name + "/";
    }
}
