package org.pobsync.snapshots;

import java.io.UncheckedIOException;
import java.security.Principal;
import java.util.List;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.panel.PageSlice;
import org.pobsync.validation.NotFoundException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The snapshot records of the database: the filtered list, one snapshot's metadata, discovery. */
@Controller
class SnapshotController {

    static final int PAGE_SIZE = 50;

    private final SnapshotRepository snapshots;
    private final HostService hosts;
    private final DiscoveryService discovery;

    SnapshotController(SnapshotRepository snapshots, HostService hosts, DiscoveryService discovery) {
        this.snapshots = snapshots;
        this.hosts = hosts;
        this.discovery = discovery;
    }

    @GetMapping("/snapshots/")
    String list(@RequestParam(required = false) String host, @RequestParam(required = false) String status,
                @RequestParam(defaultValue = "1") int page, Model model) {
        Host h = host == null || host.isBlank() ? null : hosts.get(host.strip());
        SnapshotStatus s = status == null || status.isBlank() ? null : parse(status);
        Long hostId = h == null ? null : h.id();
        PageSlice.read(page, PAGE_SIZE, (limit, offset) -> snapshots.find(hostId, s, limit, offset))
                .addTo(model, "snapshots");
        model.addAttribute("host", h == null ? null : h.name());
        model.addAttribute("status", s == null ? null : s.dbValue());
        model.addAttribute("statuses", List.of(SnapshotStatus.values()));
        return "snapshots/list";
    }

    @GetMapping("/snapshots/{id}/")
    String show(@PathVariable long id, Model model) {
        SnapshotRecord snapshot = snapshots.findById(id)
                .orElseThrow(() -> new NotFoundException("snapshot " + id + " does not exist"));
        model.addAttribute("snapshot", snapshot);
        model.addAttribute("base", snapshot.baseSnapshotId() == null ? null
                : snapshots.findById(snapshot.baseSnapshotId()).orElse(null));
        return "snapshots/detail";
    }

    /**
     * Records what is on disk for the host (SPEC section 6): read-only on disk, idempotent. It
     * measures sizes, so it takes as long as walking the host's snapshots does.
     */
    @PostMapping("/hosts/{name}/discover")
    String discover(@PathVariable String name, Principal principal, RedirectAttributes redirect) {
        hosts.get(name);
        try {
            DiscoveryService.Report report = discovery.discover(name, principal.getName());
            redirect.addFlashAttribute("flashOk", "Snapshot discovery: " + report.summary() + ".");
        } catch (UncheckedIOException e) {
            redirect.addFlashAttribute("flashError", "Snapshot discovery failed: " + e.getMessage());
        }
        return "redirect:/hosts/" + name + "/";
    }

    private static SnapshotStatus parse(String status) {
        try {
            return SnapshotStatus.parse(status);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown snapshot status '" + status
                    + "': use complete, partial, incomplete, deleting, deleted or missing");
        }
    }
}
