package org.pobsync.hosts;

import java.security.Principal;
import java.time.Instant;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.engine.rsync.InvalidBackupConfigException;
import org.pobsync.validation.Errors;
import org.pobsync.validation.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Creating and editing hosts. On any error the form comes back with each message next to its
 * field and nothing is saved: the service validates the whole host before it writes.
 */
@Controller
class HostController {

    static final String FORM = "hosts/form";

    private final HostService hosts;
    private final GlobalConfigService globalConfig;

    HostController(HostService hosts, GlobalConfigService globalConfig) {
        this.hosts = hosts;
        this.globalConfig = globalConfig;
    }

    /** The global defaults a blank field falls back to, named in the form's help lines. */
    @ModelAttribute("global")
    GlobalConfig global() {
        return globalConfig.get();
    }

    @InitBinder("host")
    void allowedFields(WebDataBinder binder) {
        binder.setDisallowedFields("id");
    }

    @GetMapping("/hosts/new")
    String initCreationForm(Model model) {
        model.addAttribute("host", new HostForm());
        model.addAttribute("creating", true);
        return FORM;
    }

    @PostMapping("/hosts/new")
    String processCreationForm(@ModelAttribute("host") HostForm form, BindingResult result, Principal principal,
                               Model model, RedirectAttributes redirect) {
        model.addAttribute("creating", true);
        String name = form.getName() == null ? "" : form.getName();
        HostChanges changes = form.toChanges(result);
        if (!name.isEmpty() && hosts.exists(name)) {
            result.rejectValue("name", "duplicate", "a host named '" + name + "' already exists");
        }
        if (!save(name, null, changes, result, principal)) {
            return FORM;
        }
        redirect.addFlashAttribute("flashOk", "Host " + form.getName() + " added. Next: pin its SSH host key,"
                + " then back it up.");
        return "redirect:/hosts/" + form.getName() + "/";
    }

    /** Saves the host unless a check fails; false (the errors in {@code result}) when nothing was saved. */
    private boolean save(String name, Host existing, HostChanges changes, BindingResult result, Principal principal) {
        checkEverything(name, existing, changes, result);
        if (result.hasErrors()) {
            return false;
        }
        try {
            hosts.configure(name, changes, principal.getName());
        } catch (InvalidInputException e) {
            HostForm.reject(result, e.errors());
            return false;
        }
        return true;
    }

    /**
     * Runs every check of {@link HostService#configure} without writing, so one submit shows all
     * problems at once (configure itself stops at a bad name, and checks again when it saves).
     */
    private static void checkEverything(String name, Host existing, HostChanges changes, BindingResult result) {
        try {
            HostValidation.requireHostName(name);
        } catch (InvalidBackupConfigException e) {
            if (!result.hasFieldErrors("name")) {
                result.rejectValue("name", "invalid", Errors.problem(e));
            }
        }
        try {
            HostService.validate(HostService.merge(name, existing, changes, Instant.EPOCH));
        } catch (InvalidInputException e) {
            HostForm.reject(result, e.errors());
        }
    }

    @GetMapping("/hosts/{name}/edit")
    String initUpdateForm(@PathVariable String name, Model model) {
        model.addAttribute("host", HostForm.of(hosts.get(name)));
        model.addAttribute("creating", false);
        return FORM;
    }

    @PostMapping("/hosts/{name}/edit")
    String processUpdateForm(@PathVariable String name, @ModelAttribute("host") HostForm form, BindingResult result,
                             Principal principal, Model model, RedirectAttributes redirect) {
        Host existing = hosts.get(name); // 404 before anything else
        form.setName(name); // the name is the host's identity and directory: never changed by a form
        model.addAttribute("creating", false);
        HostChanges changes = form.toChanges(result);
        if (!save(name, existing, changes, result, principal)) {
            return FORM;
        }
        redirect.addFlashAttribute("flashOk", "Host " + name + " saved.");
        return "redirect:/hosts/" + name + "/";
    }
}
