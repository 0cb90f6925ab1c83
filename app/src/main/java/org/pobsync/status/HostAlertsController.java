package org.pobsync.status;

import java.security.Principal;
import java.time.Clock;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.validation.Errors;
import org.pobsync.validation.HttpUrl;
import org.pobsync.validation.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A host's alert settings (SPEC section 14): how often a good snapshot is expected, after how
 * many failed runs it is failing, whether a partial snapshot counts, and its ping URL. The page
 * shows the state these settings produce right now.
 */
@Controller
class HostAlertsController {

    static final String FORM = "hosts/alerts";

    private final AlertSettingsService settings;
    private final StatusService status;
    private final HostService hosts;
    private final Clock clock;

    HostAlertsController(AlertSettingsService settings, StatusService status, HostService hosts, Clock clock) {
        this.settings = settings;
        this.status = status;
        this.hosts = hosts;
        this.clock = clock;
    }

    @GetMapping("/hosts/{name}/alerts")
    String initForm(@PathVariable String name, Model model) {
        HostAlertSettings saved = settings.forHost(name);
        model.addAttribute("alerts", HostAlertsForm.of(saved));
        addPage(hosts.get(name), saved, model);
        return FORM;
    }

    @PostMapping("/hosts/{name}/alerts")
    String processForm(@PathVariable String name, @ModelAttribute("alerts") HostAlertsForm form, BindingResult result,
                       Principal principal, Model model, RedirectAttributes redirect) {
        Host host = hosts.get(name);
        HostAlertSettings saved = settings.forHost(name);
        try {
            Errors errors = new Errors();
            HostAlertSettings wanted = form.toSettings(saved, errors);
            try {
                settings.check(wanted); // every problem at once, the unparsable numbers' too
            } catch (InvalidInputException e) {
                e.errors().forEach(error -> errors.add(error.field(), error.message()));
            }
            errors.throwIfAny();
            settings.configureHost(name, wanted, principal.getName());
            redirect.addFlashAttribute("flashOk", "Alert settings of " + name + " saved.");
            return "redirect:/hosts/" + name + "/alerts";
        } catch (InvalidInputException e) {
            HostAlertsForm.reject(result, e.errors());
            addPage(host, saved, model);
            return FORM;
        }
    }

    private void addPage(Host host, HostAlertSettings saved, Model model) {
        model.addAttribute("host", host);
        model.addAttribute("saved", saved);
        model.addAttribute("pingShown", saved.pingUrl() == null ? null : HttpUrl.redacted(saved.pingUrl()));
        model.addAttribute("status", status.hostStatus(host, clock.instant()));
        model.addAttribute("defaults", settings.get());
    }
}
