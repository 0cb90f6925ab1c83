package org.pobsync.retention;

import java.security.Principal;
import java.util.List;
import org.pobsync.engine.retention.RetentionDecision;
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
 */
@Controller
class RetentionController {

    static final String PLAN = "hosts/retention";
    static final String CONFIRM = "hosts/retention-apply";

    private final RetentionService retention;

    RetentionController(RetentionService retention) {
        this.retention = retention;
    }

    @GetMapping("/hosts/{name}/retention")
    String plan(@PathVariable String name, Model model) {
        addPlan(retention.plan(name), model);
        return PLAN;
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
                RetentionService.PruneReport report = retention.apply(name, bound, confirmed, principal.getName());
                redirect.addFlashAttribute(report.errors().isEmpty() ? "flashOk" : "flashError",
                        capitalize(report.summary()) + ".");
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

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
