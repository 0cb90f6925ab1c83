package org.pobsync.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.pobsync.panel.PageSlice;
import org.pobsync.snapshots.SnapshotRepository;
import org.pobsync.status.HostOverview;
import org.pobsync.status.HostState;
import org.pobsync.status.HostSummary;
import org.pobsync.status.StateCounts;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The host list: every host by name, a page at a time, optionally only those in one state or
 * those needing attention (where the dashboard's "more need attention" leads), and those whose
 * name or address contains a text (host names are lower case). Filtering and
 * paging work on the shared overview (no query per host); disk use is read for the page's
 * hosts only, and a page's rows are rendered once per overview ({@link OverviewKept}).
 */
@Controller
class HostListController {

    /** A thousand rows cost about 100 ms of server CPU to render; a hundred say enough. */
    static final int PAGE_SIZE = 100;
    static final String ATTENTION = "attention";

    /** What a page's rows depend on besides the overview. */
    private record Rows(ZoneId zone, String state, String search, int page) {
    }

    private final HostOverview overview;
    private final SnapshotRepository snapshots;
    private final FragmentRenderer fragments;
    private final OverviewKept<Rows, String> rows = new OverviewKept<>();

    HostListController(HostOverview overview, SnapshotRepository snapshots, FragmentRenderer fragments) {
        this.overview = overview;
        this.snapshots = snapshots;
        this.fragments = fragments;
    }

    @GetMapping("/hosts/")
    String list(@RequestParam(required = false) String state, @RequestParam(required = false) String q,
                @RequestParam(defaultValue = "1") int page, Model model, HttpServletRequest request,
                HttpServletResponse response) {
        String filter = blankToNull(state);
        String search = blankToNull(q);
        List<HostSummary> all = overview.hosts();
        Predicate<HostSummary> wanted = filter == null ? h -> true : matcher(filter);
        if (search != null) {
            wanted = wanted.and(h -> h.name().contains(search)
                    || (h.address() != null && h.address().toLowerCase(Locale.ROOT).contains(search)));
        }
        List<HostSummary> matching = filter == null && search == null ? all : all.stream().filter(wanted).toList();
        PageSlice<HostSummary> slice = PageSlice.read(page, PAGE_SIZE, (limit, offset) -> offset >= matching.size()
                ? List.of() : matching.subList(offset, Math.min(matching.size(), offset + limit)));
        slice.addTo(model, "hosts");
        model.addAttribute("hostCount", all.size());
        model.addAttribute("matchingCount", matching.size());
        model.addAttribute("firstRow", (slice.page() - 1) * PAGE_SIZE + 1);
        model.addAttribute("state", filter);
        model.addAttribute("q", search);
        model.addAttribute("states", StateCounts.ofHosts(all));
        model.addAttribute("attentionCount", all.stream().filter(HostSummary::needsAttention).count());
        // The rows (and their disk use) change only with the overview: rendered once per overview and page.
        Fmt fmt = (Fmt) model.getAttribute("fmt");
        model.addAttribute("rows", rows.get(all, new Rows(fmt.zone(), filter, search, slice.page()), () -> {
            Map<String, Object> values = new HashMap<>(model.asMap());
            values.put("diskUse", snapshots.diskUse(slice.items().stream().map(HostSummary::id).toList()));
            return fragments.render("hosts/list :: rows", values, request, response);
        }));
        return "hosts/list";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    /** "attention" (a bad state, or the newest run failed or warned) or one of the host states. */
    private static Predicate<HostSummary> matcher(String filter) {
        if (filter.equals(ATTENTION)) {
            return HostSummary::needsAttention;
        }
        for (HostState s : HostState.values()) {
            if (s.dbValue().equals(filter)) {
                return h -> h.state() == s;
            }
        }
        throw new IllegalArgumentException("unknown host filter '" + filter
                + "': use attention, ok, late, failing, never or disabled");
    }
}
