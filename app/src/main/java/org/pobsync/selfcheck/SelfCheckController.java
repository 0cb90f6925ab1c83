package org.pobsync.selfcheck;

import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The Self Check page (SPEC section 9): every check, OK / WARN / FAIL, with what to do. */
@Controller
class SelfCheckController {

    private final SelfCheckResults results;

    SelfCheckController(SelfCheckResults results) {
        this.results = results;
    }

    @GetMapping("/self-check/")
    String show(Model model) {
        List<CheckResult> checks = results.runNow();
        model.addAttribute("checks", checks);
        model.addAttribute("failCount", count(checks, CheckResult.Level.FAIL));
        model.addAttribute("warnCount", count(checks, CheckResult.Level.WARN));
        return "selfcheck/page";
    }

    private static long count(List<CheckResult> checks, CheckResult.Level level) {
        return checks.stream().filter(c -> c.level() == level).count();
    }
}
