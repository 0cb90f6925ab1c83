package org.pobsync.users;

import java.util.List;
import org.pobsync.audit.AuditEvent;
import org.pobsync.audit.AuditLog;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log for superusers: newest first, filtered by actor and action, a page at a time. */
@Controller
class AuditLogController {

    static final int PAGE_SIZE = 50;

    private final AuditLog audit;

    AuditLogController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/admin/audit/")
    String list(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
                @RequestParam(defaultValue = "1") int page, Model model) {
        String actorFilter = blankToNull(actor);
        String actionFilter = blankToNull(action);
        long total = audit.count(actorFilter, actionFilter);
        int pages = (int) Math.max(1, (total + PAGE_SIZE - 1) / PAGE_SIZE);
        int p = Math.min(Math.max(page, 1), pages);
        List<AuditEvent> events = audit.recent(actorFilter, actionFilter, PAGE_SIZE, (p - 1) * PAGE_SIZE);
        model.addAttribute("events", events);
        model.addAttribute("actor", actorFilter);
        model.addAttribute("action", actionFilter);
        model.addAttribute("actions", audit.actions());
        model.addAttribute("page", p);
        model.addAttribute("pages", pages);
        model.addAttribute("total", total);
        return "admin/audit";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
