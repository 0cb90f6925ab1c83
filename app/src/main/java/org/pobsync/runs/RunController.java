package org.pobsync.runs;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import org.pobsync.hosts.HostService;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.panel.PageSlice;
import org.pobsync.panel.Refresh;
import org.pobsync.validation.ConflictException;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Runs in the panel: the filtered list, a run's page with its live partial (SPEC section 10),
 * its whole log, cancel, and the manual "Back up now" / "Dry run" that put a run in the queue for a worker.
 */
@Controller
class RunController {

    static final int PAGE_SIZE = 50;
    static final int LIVE_REFRESH_MS = 2000;

    private final RunService runs;
    private final HostService hosts;
    private final Heartbeats heartbeats;
    private final RestoreService restores;
    private final BackupReadiness readiness;

    RunController(RunService runs, HostService hosts, Heartbeats heartbeats, RestoreService restores,
                  BackupReadiness readiness) {
        this.readiness = readiness;
        this.runs = runs;
        this.hosts = hosts;
        this.heartbeats = heartbeats;
        this.restores = restores;
    }

    @GetMapping("/runs/")
    String list(@RequestParam(required = false) String host, @RequestParam(required = false) String status,
                @RequestParam(defaultValue = "1") int page, Model model) {
        String hostName = host == null || host.isBlank() ? null : host.strip();
        RunStatus runStatus = status == null || status.isBlank() ? null : RunStatus.parse(status);
        PageSlice.read(page, PAGE_SIZE, (limit, offset) -> runs.list(hostName, runStatus, limit, offset))
                .addTo(model, "runs");
        model.addAttribute("host", hostName);
        model.addAttribute("status", runStatus == null ? null : runStatus.dbValue());
        model.addAttribute("statuses", List.of(RunStatus.values()));
        return "runs/list";
    }

    @GetMapping("/runs/{id}/")
    String show(@PathVariable long id, Model model) {
        addLive(runs.get(id), model);
        return "runs/detail";
    }

    /**
     * The whole rsync log of a run as plain text, streamed from the file: shown in the browser,
     * or saved as {@code run-<id>.log} with {@code ?download=true}.
     */
    @GetMapping("/runs/{id}/log")
    ResponseEntity<Resource> log(@PathVariable long id, @RequestParam(defaultValue = "false") boolean download) {
        Path file = runs.logFile(id);
        ContentDisposition disposition = (download ? ContentDisposition.attachment() : ContentDisposition.inline())
                .filename("run-" + id + ".log").build();
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
                .cacheControl(CacheControl.noStore())
                .body(new FileSystemResource(file));
    }

    /** The live region of the run page; tells refresh.js to stop once the run has ended. */
    @GetMapping("/runs/{id}/partial")
    String partial(@PathVariable long id, Model model, HttpServletResponse response) {
        BackupRun run = runs.get(id);
        addLive(run, model);
        Refresh.active(response, !run.status().finished());
        return "runs/detail :: live";
    }

    @PostMapping("/runs/{id}/cancel")
    String cancel(@PathVariable long id, Principal principal, RedirectAttributes redirect) {
        try {
            BackupRun run = runs.cancel(id, principal.getName());
            redirect.addFlashAttribute("flashOk", run.status() == RunStatus.CANCELLED
                    ? "Run #" + id + " cancelled before it started."
                    : "Cancel requested: the worker is stopping rsync.");
        } catch (ConflictException e) {
            redirect.addFlashAttribute("flashError", "Not cancelled: " + e.getMessage());
        }
        return "redirect:/runs/" + id + "/";
    }

    @PostMapping("/hosts/{name}/backup")
    String backUpNow(@PathVariable String name, @RequestParam(defaultValue = "false") boolean prune,
                     Principal principal, RedirectAttributes redirect) {
        return queue(name, false, prune, principal, redirect);
    }

    @PostMapping("/hosts/{name}/dry-run")
    String dryRun(@PathVariable String name, Principal principal, RedirectAttributes redirect) {
        return queue(name, true, false, principal, redirect);
    }

    private String queue(String name, boolean dryRun, boolean prune, Principal principal, RedirectAttributes redirect) {
        Optional<BackupReadiness.Blocker> blocker = readiness.backupBlocker(hosts.get(name));
        if (blocker.isPresent()) {
            // The host page no longer offers the button; a page opened before the key was removed still may.
            redirect.addFlashAttribute("flashError", "Not queued: " + blocker.get().panelFix());
            return "redirect:/hosts/" + name + "/";
        }
        try {
            BackupRun run = runs.enqueue(name, RunTrigger.MANUAL, dryRun, prune, principal.getName());
            redirect.addFlashAttribute("flashOk", (dryRun ? "Dry run" : "Backup") + " of " + name
                    + " queued as run #" + run.id() + ".");
            return "redirect:/runs/" + run.id() + "/";
        } catch (ConflictException e) {
            redirect.addFlashAttribute("flashError", "Not queued: " + e.getMessage() + ".");
            return "redirect:/hosts/" + name + "/";
        }
    }

    private void addLive(BackupRun run, Model model) {
        boolean active = !run.status().finished();
        model.addAttribute("run", run);
        model.addAttribute("active", active);
        model.addAttribute("refreshMs", LIVE_REFRESH_MS);
        model.addAttribute("logLines", run.logTail() == null ? 0 : run.logTail().lines().count());
        model.addAttribute("workerSeen", run.status() != RunStatus.QUEUED || heartbeats.anyWorkerFresh());
        boolean previewed = run.isRestore() && run.dryRun() && run.status().finished();
        model.addAttribute("preview", previewed ? restores.preview(run) : null);
        // A failed run's error is the engine's text (the CLI's words); what stops the host's
        // next backup now is said in the panel's words, with the link to fix it.
        model.addAttribute("blocker", run.status() == RunStatus.FAILED
                ? hosts.find(run.hostName()).flatMap(readiness::backupBlocker).orElse(null) : null);
    }
}
