package org.pobsync.hosts;

import java.security.Principal;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.users.User;
import org.pobsync.users.UserService;
import org.pobsync.validation.InvalidInputException;
import org.pobsync.validation.NotFoundException;
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
 * field and nothing is saved: the service checks the whole spec before it writes. Hosts with the
 * local transport read this server's own files, so only a superuser may create or edit one.
 */
@Controller
class HostController {

    static final String FORM = "hosts/form";

    private final HostService hosts;
    private final GlobalConfigService globalConfig;
    private final UserService users;

    HostController(HostService hosts, GlobalConfigService globalConfig, UserService users) {
        this.hosts = hosts;
        this.globalConfig = globalConfig;
        this.users = users;
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
        HostSpec spec = form.toSpec(name, result);
        if (!name.isEmpty() && hosts.exists(name)) {
            result.rejectValue("name", "duplicate", "a host named '" + name + "' already exists");
        }
        if (!save(spec, result, principal)) {
            return FORM;
        }
        redirect.addFlashAttribute("flashOk", "Host " + name + " added. Next: pin its SSH host key, then back it up.");
        return "redirect:/hosts/" + name + "/";
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
        hosts.get(name); // 404 before anything else
        form.setName(name); // the name is the host's identity and directory: never changed by a form
        model.addAttribute("creating", false);
        if (!save(form.toSpec(name, result), result, principal)) {
            return FORM;
        }
        redirect.addFlashAttribute("flashOk", "Host " + name + " saved.");
        return "redirect:/hosts/" + name + "/";
    }

    /**
     * Saves the spec unless anything is wrong; false (every problem in {@code result}) when
     * nothing was saved. With binding errors already found, the service's problems are added
     * without saving, so one submit shows them all.
     */
    private boolean save(HostSpec spec, BindingResult result, Principal principal) {
        HostService.Editor by = editor(principal);
        if (result.hasErrors()) {
            HostForm.reject(result, hosts.problems(spec, by));
            return false;
        }
        try {
            hosts.save(spec, by);
            return true;
        } catch (InvalidInputException e) {
            HostForm.reject(result, e.errors());
            return false;
        }
    }

    /** The account read now, not at login, so a superuser flag just taken away counts at once. */
    private HostService.Editor editor(Principal principal) {
        boolean superuser;
        try {
            User u = users.get(principal.getName());
            superuser = u.canUsePanel() && u.superuser();
        } catch (NotFoundException e) {
            superuser = false;
        }
        return HostService.Editor.panelUser(principal.getName(), superuser);
    }
}
