package org.pobsync.schedule;

import java.security.Principal;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
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
 * A host's schedule: create, change, disable. The page shows what the saved expression means
 * (cron-utils' description) and its next five run times, so a wrong field is caught before 02:15.
 */
@Controller
class ScheduleController {

    static final String FORM = "hosts/schedule";
    static final int NEXT_RUNS = 5;
    static final String DEFAULT_CRON = "15 2 * * *";

    private final ScheduleService schedules;
    private final HostService hosts;
    private final Clock clock;

    ScheduleController(ScheduleService schedules, HostService hosts, Clock clock) {
        this.schedules = schedules;
        this.hosts = hosts;
        this.clock = clock;
    }

    @GetMapping("/hosts/{name}/schedule")
    String initForm(@PathVariable String name, Model model) {
        Optional<Schedule> existing = schedules.forHost(name);
        ScheduleForm form = existing.map(ScheduleForm::of).orElseGet(() -> {
            ScheduleForm f = new ScheduleForm();
            f.setCron(DEFAULT_CRON);
            f.setTimeZone(clock.getZone().getId());
            return f;
        });
        model.addAttribute("schedule", form);
        addPage(hosts.get(name), existing, model);
        return FORM;
    }

    @PostMapping("/hosts/{name}/schedule")
    String processForm(@PathVariable String name, @ModelAttribute("schedule") ScheduleForm form, BindingResult result,
                       Principal principal, Model model, RedirectAttributes redirect) {
        Host host = hosts.get(name);
        try {
            Schedule saved = schedules.configure(name, form.getCron(), form.getTimeZone(), form.isPrune(),
                    form.isEnabled(), principal.getName());
            redirect.addFlashAttribute("flashOk", saved.enabled()
                    ? "Schedule saved: " + saved.cron().describe() + "."
                    : "Schedule saved, disabled: no backup of " + name + " is queued by the scheduler.");
            return "redirect:/hosts/" + name + "/schedule";
        } catch (InvalidInputException e) {
            ScheduleForm.reject(result, e.errors());
            addPage(host, schedules.forHost(name), model);
            return FORM;
        }
    }

    /** One click from the page: keeps the expression, stops the scheduler from queueing runs. */
    @PostMapping("/hosts/{name}/schedule/disable")
    String disable(@PathVariable String name, Principal principal, RedirectAttributes redirect) {
        Optional<Schedule> existing = schedules.forHost(name);
        if (existing.isEmpty()) {
            redirect.addFlashAttribute("flashError", name + " has no schedule to disable.");
        } else {
            Schedule s = existing.get();
            schedules.configure(name, s.cronExpression(), s.timeZone().getId(), s.prune(), false, principal.getName());
            redirect.addFlashAttribute("flashOk", "Schedule of " + name + " disabled.");
        }
        return "redirect:/hosts/" + name + "/schedule";
    }

    private void addPage(Host host, Optional<Schedule> saved, Model model) {
        model.addAttribute("host", host);
        model.addAttribute("saved", saved.orElse(null));
        saved.ifPresent(s -> {
            CronExpression cron = s.cron();
            model.addAttribute("description", cron.describe());
            model.addAttribute("nextRuns", s.enabled() ? cron.nextRuns(clock.instant(), s.timeZone(), NEXT_RUNS)
                    : List.of());
        });
    }
}
