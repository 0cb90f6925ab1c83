package org.pobsync.web;

import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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

    HostPagesController(HostService hosts, StatusService status, RunService runs, SnapshotRepository snapshots,
                        CredentialService credentials, ConnectionTest connectionTest,
                        GlobalConfigService globalConfig, Clock clock, BackupReadiness readiness) {
        this.readiness = readiness;
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
    String show(@PathVariable String name, Model model) {
        Host host = hosts.get(name);
        Instant now = clock.instant();
        GlobalConfig global = globalConfig.get();
        StatusService.HostStatus hs = status.hostStatus(host, now);
        List<BackupRun> recent = runs.list(name, null, RECENT_RUNS, 0);
        model.addAttribute("host", host);
        model.addAttribute("status", hs);
        model.addAttribute("global", global);
        model.addAttribute("retention", host.retentionOverride() != null ? host.retentionOverride() : global.retention());
        model.addAttribute("runs", recent);
        BackupReadiness.Blocker blocker = readiness.backupBlocker(host).orElse(null);
        model.addAttribute("blocker", blocker);
        model.addAttribute("connectionBlocked", blocker != null && blocker.blocksConnections());
        model.addAttribute("activeRun", recent.stream().filter(r -> !r.status().finished()).findFirst().orElse(null));
        model.addAttribute("snapshots", snapshots.find(host.id(), null, RECENT_SNAPSHOTS, 0));
        model.addAttribute("snapshotCount", snapshots.count(host.id(), null));
        model.addAttribute("diskUse", snapshots.diskUse(host.id()));
        List<SnapshotRepository.Added> added = snapshots.addedOverTime(host.id());
        model.addAttribute("added", added.stream().filter(a -> a.addedBytes() != null)
                .collect(java.util.stream.Collectors.toMap(SnapshotRepository.Added::id,
                        SnapshotRepository.Added::addedBytes)));
        model.addAttribute("diskUseChart", DiskUseChart.of(added));
        model.addAttribute("pinnedKeys", host.transport() == org.pobsync.engine.Transport.SSH
                ? credentials.pinned(host) : List.of());
        Schedule schedule = hs.schedule();
        if (schedule != null) {
            CronExpression cron = schedule.cron(); // parsing is the expensive part: once per page
            model.addAttribute("cronDescription", cron.describe());
            model.addAttribute("nextRuns", schedule.enabled() ? cron.nextRuns(now, schedule.timeZone(), NEXT_RUNS)
                    : List.of());
        }
        return "hosts/detail";
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
