package org.pobsync.runs;

import java.security.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.pobsync.hosts.HostService;
import org.pobsync.validation.FieldError;
import org.pobsync.validation.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Restores in the panel (SPEC section 13): from the browse page, a form (what, to which host and
 * directory, delete or not) that always queues a dry run first; the dry run's page shows what
 * would be created, changed and deleted, and its "Restore now" queues the real restore, after
 * the operator typed the host name when it overwrites the original place.
 */
@Controller
class RestoreController {

    private final RestoreService restores;
    private final HostService hosts;
    private final BackupReadiness readiness;

    RestoreController(RestoreService restores, HostService hosts, BackupReadiness readiness) {
        this.readiness = readiness;
        this.restores = restores;
        this.hosts = hosts;
    }

    @GetMapping("/snapshots/{host}/{snapshot}/restore")
    String form(@PathVariable String host, @PathVariable String snapshot,
                @RequestParam(name = "selected", required = false) List<String> selected,
                @RequestParam(name = "path", required = false) String path, Model model) {
        hosts.get(host);
        List<String> paths = selected != null && !selected.isEmpty() ? selected : List.of(path == null ? "/" : path);
        return show(model, host, snapshot, paths, "new", host, "", false, Map.of());
    }

    /** The browse page's "Restore selected…": the form for the ticked entries (posted, so the CSRF token stays out of URLs). */
    @PostMapping("/snapshots/{host}/{snapshot}/restore/form")
    String formForSelection(@PathVariable String host, @PathVariable String snapshot,
                            @RequestParam(name = "selected", required = false) List<String> selected,
                            @RequestParam(name = "path", required = false) String path, Model model) {
        return form(host, snapshot, selected, path, model);
    }

    @PostMapping("/snapshots/{host}/{snapshot}/restore")
    String preview(@PathVariable String host, @PathVariable String snapshot,
                   @RequestParam(name = "selected", required = false) List<String> selected,
                   @RequestParam(name = "target_kind", defaultValue = "new") String targetKind,
                   @RequestParam(name = "target_host", required = false) String targetHost,
                   @RequestParam(name = "target_dir", required = false) String targetDir,
                   @RequestParam(name = "delete", defaultValue = "false") boolean delete,
                   Principal principal, Model model, RedirectAttributes redirect) {
        List<String> paths = selected == null ? List.of() : selected;
        String toHost = targetHost == null || targetHost.isBlank() ? host : targetHost.strip();
        String dir = switch (targetKind) {
            case "original" -> "/";
            case "directory" -> targetDir == null || targetDir.isBlank() ? "/-" : targetDir;
            default -> null;
        };
        try {
            if ("/-".equals(dir)) {
                throw new InvalidInputException("target", "enter the directory to restore into");
            }
            if (readiness.connectionBlocker(hosts.get(toHost)).isPresent()) {
                // The form shows the fix with its link (see show); a restore queued now would only fail.
                return show(model, host, snapshot, paths, targetKind, toHost, targetDir, delete, Map.of());
            }
            BackupRun run = restores.queue(new RestoreOrder(host, snapshot, paths, toHost, dir, delete, true, null),
                    RunTrigger.MANUAL, principal.getName());
            redirect.addFlashAttribute("flashOk", "Dry run of the restore queued as run #" + run.id()
                    + ": nothing is written until you confirm its preview.");
            return "redirect:/runs/" + run.id() + "/";
        } catch (InvalidInputException e) {
            Map<String, String> errors = new HashMap<>();
            for (FieldError f : e.errors()) {
                errors.putIfAbsent(f.field(), f.message());
            }
            return show(model, host, snapshot, paths, targetKind, toHost, targetDir, delete, errors);
        }
    }

    @PostMapping("/runs/{id}/restore")
    String confirm(@PathVariable long id, @RequestParam(name = "confirm_host", required = false) String confirmHost,
                   Principal principal, RedirectAttributes redirect) {
        try {
            BackupRun run = restores.confirm(id, confirmHost == null ? null : confirmHost.strip(), principal.getName());
            redirect.addFlashAttribute("flashOk", "Restore queued as run #" + run.id() + ".");
            return "redirect:/runs/" + run.id() + "/";
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("flashError", "Not restored: " + e.errors().get(0).message() + ".");
            return "redirect:/runs/" + id + "/";
        }
    }

    private String show(Model model, String host, String snapshot, List<String> paths, String targetKind,
                        String targetHost, String targetDir, boolean delete, Map<String, String> errors) {
        model.addAttribute("host", host);
        model.addAttribute("snapshot", snapshot);
        model.addAttribute("paths", paths);
        model.addAttribute("targetKind", targetKind);
        model.addAttribute("targetHost", targetHost);
        model.addAttribute("targetDir", targetDir == null ? "" : targetDir);
        model.addAttribute("delete", delete);
        model.addAttribute("hostNames", hosts.names());
        model.addAttribute("errors", errors);
        model.addAttribute("targetBlocker", hosts.find(targetHost).flatMap(readiness::connectionBlocker).orElse(null));
        return "runs/restore";
    }
}
