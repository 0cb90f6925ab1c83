package org.pobsync.notify;

import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import java.util.Map;
import org.pobsync.hosts.HostService;
import org.pobsync.panel.PageSlice;
import org.pobsync.panel.Refresh;
import org.pobsync.status.AlertSettingsService;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.Errors;
import org.pobsync.validation.InvalidInputException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * /notifications/ for superusers (SPEC sections 9 and 14): the channels with a "send test" each,
 * the alert settings, what is bad right now, and the notification log (a live region).
 */
@Controller
class NotificationController {

    static final int LOG_PAGE = 25;
    static final int LOG_REFRESH_MS = 5000;
    static final Map<String, String> SETTINGS_FIELDS = Map.of("default-expect-every", "defaultExpectEvery",
            "reminder-hours", "reminderHours", "digest-hour", "digestHour", "disk-free-percent", "diskFreePercent",
            "panel-url", "panelUrl");

    private final ChannelService channels;
    private final NotificationService notifications;
    private final AlertSettingsService settings;
    private final HostService hosts;

    NotificationController(ChannelService channels, NotificationService notifications, AlertSettingsService settings,
                           HostService hosts) {
        this.channels = channels;
        this.notifications = notifications;
        this.settings = settings;
        this.hosts = hosts;
    }

    @GetMapping("/notifications/")
    String index(@RequestParam(defaultValue = "1") int page, Model model) {
        if (!model.containsAttribute("settings")) {
            model.addAttribute("settings", AlertSettingsForm.of(settings.get()));
        }
        addIndex(page, model);
        return "notifications/index";
    }

    /** The log alone, polled by refresh.js while the first page is shown. */
    @GetMapping("/notifications/log")
    String log(@RequestParam(defaultValue = "1") int page, Model model, HttpServletResponse response) {
        addLog(page, model);
        Refresh.active(response, page <= 1);
        return "notifications/index :: log";
    }

    @PostMapping("/notifications/settings")
    String saveSettings(@ModelAttribute("settings") AlertSettingsForm form, BindingResult result, Principal principal,
                        Model model, RedirectAttributes redirect) {
        Errors errors = new Errors();
        var wanted = form.toSettings(errors);
        try {
            try {
                settings.check(wanted); // every problem at once, the unparsable numbers' too
            } catch (InvalidInputException e) {
                e.errors().forEach(error -> errors.add(error.field(), error.message()));
            }
            errors.throwIfAny();
            settings.update(wanted, principal.getName());
        } catch (InvalidInputException e) {
            for (var error : e.errors()) {
                String property = SETTINGS_FIELDS.get(error.field());
                if (property != null) {
                    result.rejectValue(property, "invalid", error.message());
                } else {
                    result.reject("invalid", error.message());
                }
            }
            addIndex(1, model);
            return "notifications/index";
        }
        redirect.addFlashAttribute("flashOk", "Alert settings saved.");
        return "redirect:/notifications/";
    }

    @GetMapping("/notifications/channels/new")
    String initCreationForm(@RequestParam(defaultValue = "email") String kind, Model model) {
        ChannelForm form = new ChannelForm();
        form.setKind(kind);
        return channelPage(form, null, model);
    }

    @PostMapping("/notifications/channels/new")
    String processCreationForm(@ModelAttribute("channel") ChannelForm form, BindingResult result, Principal principal,
                               Model model, RedirectAttributes redirect) {
        try {
            Channel c = channels.create(form.toSpec(), principal.getName());
            redirect.addFlashAttribute("flashOk", "Channel " + c.name() + " added. Send a test to check it.");
            return "redirect:/notifications/";
        } catch (InvalidInputException e) {
            ChannelForm.reject(result, e.errors());
        } catch (ConflictException e) {
            result.rejectValue("name", "taken", e.getMessage());
        }
        return channelPage(form, null, model);
    }

    @GetMapping("/notifications/channels/{name}/edit")
    String initUpdateForm(@PathVariable String name, Model model) {
        Channel c = channels.get(name);
        return channelPage(ChannelForm.of(c), c, model);
    }

    @PostMapping("/notifications/channels/{name}/edit")
    String processUpdateForm(@PathVariable String name, @ModelAttribute("channel") ChannelForm form,
                             BindingResult result, Principal principal, Model model, RedirectAttributes redirect) {
        Channel saved = channels.get(name);
        form.setKind(saved.kind().dbValue());
        try {
            Channel c = channels.update(name, form.toSpec(), principal.getName());
            redirect.addFlashAttribute("flashOk", "Channel " + c.name() + " saved.");
            return "redirect:/notifications/";
        } catch (InvalidInputException e) {
            ChannelForm.reject(result, e.errors());
        } catch (ConflictException e) {
            result.rejectValue("name", "taken", e.getMessage());
        }
        return channelPage(form, saved, model);
    }

    @PostMapping("/notifications/channels/{name}/test")
    String test(@PathVariable String name, Principal principal, RedirectAttributes redirect) {
        NotificationService.TestResult r = notifications.sendTest(name, principal.getName());
        redirect.addFlashAttribute(r.ok() ? "flashOk" : "flashError", r.ok() ? "Test message sent through " + name
                + "." : "Test of " + name + " failed: " + r.message());
        return "redirect:/notifications/";
    }

    @PostMapping("/notifications/channels/{name}/remove")
    String remove(@PathVariable String name, Principal principal, RedirectAttributes redirect) {
        channels.remove(name, principal.getName());
        redirect.addFlashAttribute("flashOk", "Channel " + name + " removed.");
        return "redirect:/notifications/";
    }

    private String channelPage(ChannelForm form, Channel saved, Model model) {
        model.addAttribute("channel", form);
        model.addAttribute("saved", saved);
        model.addAttribute("hasPassword", saved != null && channels.hasPassword(saved));
        model.addAttribute("hasHeaderValue", saved != null && channels.hasHeaderValue(saved));
        model.addAttribute("hostNames", hosts.names());
        model.addAttribute("securities", Map.of("starttls", "STARTTLS (port 587)", "tls", "TLS (port 465)",
                "none", "none (port 25; only on a trusted network)"));
        model.addAttribute("presets", Map.of("generic", "generic JSON", "ntfy", "ntfy",
                "slack", "Slack / Mattermost incoming webhook"));
        return "notifications/channel";
    }

    private void addIndex(int page, Model model) {
        var all = channels.list();
        model.addAttribute("channels", all);
        model.addAttribute("secretsSet", all.stream().collect(java.util.stream.Collectors.toMap(Channel::name,
                c -> c.kind() == Channel.Kind.EMAIL ? channels.hasPassword(c) : channels.hasHeaderValue(c))));
        model.addAttribute("alerts", notifications.activeAlerts());
        addLog(page, model);
    }

    private void addLog(int page, Model model) {
        PageSlice.read(page, LOG_PAGE, notifications::log).addTo(model, "log");
        model.addAttribute("logRefreshMs", LOG_REFRESH_MS);
        model.addAttribute("waiting", notifications.deliveriesByStatus());
    }
}
