package org.pobsync.config;

import java.security.Principal;
import org.pobsync.validation.Errors;
import org.pobsync.validation.FieldError;
import org.pobsync.validation.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The global settings page (superusers, SPEC section 9): what {@code manage configure-global}
 * sets, checked by the same service validation, each error next to its field, saved and audited
 * by the same service call.
 */
@Controller
class SettingsController {

    static final String PAGE = "settings/page";

    private final GlobalConfigService globalConfig;

    SettingsController(GlobalConfigService globalConfig) {
        this.globalConfig = globalConfig;
    }

    @GetMapping("/settings/")
    String show(Model model) {
        model.addAttribute("settings", GlobalSettingsForm.of(globalConfig.get()));
        return page(model);
    }

    @PostMapping("/settings/")
    String save(@ModelAttribute("settings") GlobalSettingsForm form, BindingResult result, Principal principal,
                Model model, RedirectAttributes redirect) {
        Errors errors = new Errors();
        GlobalConfigService.Changes changes = form.toChanges(globalConfig.get(), errors);
        try {
            try {
                globalConfig.preview(changes, true); // the service's errors together with the unparsable fields'
            } catch (InvalidInputException e) {
                e.errors().forEach(error -> errors.add(error.field(), error.message()));
            }
            errors.throwIfAny();
            globalConfig.updateReplacingRetention(changes, principal.getName());
        } catch (InvalidInputException e) {
            for (FieldError error : e.errors()) {
                result.rejectValue(GlobalSettingsForm.property(error.field()), "invalid", error.message());
            }
            return page(model);
        }
        redirect.addFlashAttribute("flashOk", "Settings saved.");
        return "redirect:/settings/";
    }

    private String page(Model model) {
        GlobalConfig current = globalConfig.get();
        model.addAttribute("current", current);
        model.addAttribute("rootProblem", globalConfig.backupRootProblem());
        return PAGE;
    }
}
