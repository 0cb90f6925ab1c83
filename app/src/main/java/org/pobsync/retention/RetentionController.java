package org.pobsync.retention;

import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.List;
import org.pobsync.engine.retention.RetentionDecision;
import org.pobsync.format.Human;
import org.pobsync.hosts.HostService;
import org.pobsync.liveness.Heartbeats;
import org.pobsync.panel.Refresh;
import org.pobsync.snapshots.SnapshotRecord;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A host's retention plan, read-only first (every snapshot with keep or prune and the rule that
 * decided it), then an explicit confirmation page that names what will be deleted, with a
 * max-delete bound: if the plan has grown past it by the time it is applied, nothing is deleted.
 * The confirmed apply is queued for a worker ({@link PruneQueue}); the plan page follows it live.
 */
@Controller
class RetentionController {

    static final String PLAN = "hosts/retention";
    static final String CONFIRM = "hosts/retention-apply";

    static final int LIVE_REFRESH_MS = 3000;

    private final RetentionService retention;
    private final PruneQueue prunes;
    private final HostService hosts;
    private final Heartbeats heartbeats;

    RetentionController(RetentionService retention, PruneQueue prunes, HostService hosts, Heartbeats heartbeats) {
        this.retention = retention;
        this.prunes = prunes;
        this.hosts = hosts;
        this.heartbeats = heartbeats;
    }

    @GetMapping("/hosts/{name}/retention")
    String plan(@PathVariable String name, Model model) {
        addPlan(retention.plan(name), model);
        addPrunes(name, model);
        return PLAN;
    }

    /** The live region of the plan page: the host's recent prunes, polled while one waits or runs. */
    @GetMapping("/hosts/{name}/retention/prunes")
    String prunes(@PathVariable String name, Model model, HttpServletResponse response) {
        model.addAttribute("host", hosts.get(name)); // 404 for an unknown host, like the page
        boolean active = addPrunes(name, model);
        Refresh.active(response, active);
        return PLAN + " :: prunes";
    }

    @GetMapping("/hosts/{name}/retention/apply")
    String confirm(@PathVariable String name, Model model) {
        RetentionService.PlanView view = retention.plan(name);
        addPlan(view, model);
        model.addAttribute("maxDelete", view.pruneCount());
        return CONFIRM;
    }

    @PostMapping("/hosts/{name}/retention/apply")
    String apply(@PathVariable String name, @RequestParam(required = false) String maxDelete,
                 @RequestParam(defaultValue = "false") boolean confirmed, Principal principal, Model model,
                 RedirectAttributes redirect) {
        Integer bound = null;
        String error = null;
        try {
            bound = maxDelete == null || maxDelete.isBlank() ? null : Integer.valueOf(maxDelete.strip());
        } catch (NumberFormatException e) {
            error = "must be a whole number";
        }
        if (error == null && bound == null) {
            error = "set the most snapshots this apply may delete";
        }
        if (error == null) {
            try {
                PruneRequest request = prunes.enqueue(name, bound, confirmed, principal.getName());
                redirect.addFlashAttribute("flashOk", "Prune #" + request.id() + " queued: a worker deletes what the"
                        + " plan prunes (at most " + Human.plural(request.maxDelete(), "snapshot") + ") and reports below.");
                return "redirect:/hosts/" + name + "/retention";
            } catch (InvalidInputException e) {
                error = e.errors().get(0).message();
            } catch (ConflictException e) {
                model.addAttribute("flashError", "Nothing was deleted: " + e.getMessage() + ".");
            }
        }
        addPlan(retention.plan(name), model);
        model.addAttribute("maxDelete", maxDelete);
        model.addAttribute("maxDeleteError", error);
        return CONFIRM;
    }

    /** Adds the host's recent prunes; true while one of them waits or runs. */
    private boolean addPrunes(String name, Model model) {
        List<PruneRequest> recent = prunes.recent(name, 5);
        boolean active = recent.stream().anyMatch(PruneRequest::active);
        model.addAttribute("prunes", recent);
        model.addAttribute("prunesActive", active);
        model.addAttribute("refreshMs", LIVE_REFRESH_MS);
        model.addAttribute("workerSeen", !active || heartbeats.anyWorkerFresh());
        return active;
    }

    private static void addPlan(RetentionService.PlanView view, Model model) {
        List<RetentionDecision> pruned = view.decisions().stream().filter(d -> !d.keep()).toList();
        long bytes = 0;
        boolean allKnown = true;
        for (RetentionDecision d : pruned) {
            SnapshotRecord r = view.records().get(d.name());
            if (r == null || r.uniqueBytes() == null) {
                allKnown = false;
            } else {
                bytes += r.uniqueBytes();
            }
        }
        model.addAttribute("view", view);
        model.addAttribute("host", view.host());
        model.addAttribute("pruned", pruned);
        model.addAttribute("freedBytes", bytes);
        model.addAttribute("freedKnown", allKnown);
    }
}
