package org.pobsync.browse;

import java.security.Principal;
import java.util.List;
import org.pobsync.engine.tree.SnapshotPath;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The snapshot browser: one directory per page with breadcrumbs, a file's own page, a name
 * search, and a path's versions across the host's snapshots (SPEC section 13). A path comes in
 * the URL ({@code browse/etc/ssh}) or, for names a URL path cannot carry, as {@code ?path=}.
 */
@Controller
class BrowseController {

    static final int PAGE_SIZE = 200;

    private final SnapshotFiles files;

    BrowseController(SnapshotFiles files) {
        this.files = files;
    }

    @GetMapping("/snapshots/{host}/{snapshot}/browse/{*path}")
    String browse(@PathVariable String host, @PathVariable String snapshot, @PathVariable String path,
                  @RequestParam(name = "path", required = false) String pathParam,
                  @RequestParam(defaultValue = "1") String page, @RequestParam(required = false) String q,
                  Principal principal, Model model) {
        BrowsableSnapshot s = files.snapshot(host, snapshot);
        SnapshotPath p = SnapshotPath.parse(pathParam != null ? pathParam : path);
        BrowseLinks links = new BrowseLinks(s.host(), s.name());
        if ("latest".equals(snapshot)) {
            return "redirect:" + links.browse(p);
        }
        int pageNumber = pageNumber(page);
        DirectoryPage listing = files.list(s, p, (pageNumber - 1) * PAGE_SIZE, PAGE_SIZE, principal.getName());
        model.addAttribute("snapshot", s);
        model.addAttribute("listing", listing);
        model.addAttribute("links", links);
        model.addAttribute("crumbs", links.crumbs(listing.isDirectory() ? p : p.parent()));
        model.addAttribute("page", pageNumber);
        model.addAttribute("q", q);
        if (q != null && !q.isBlank() && listing.isDirectory()) {
            model.addAttribute("search", files.search(s, p, q, principal.getName()));
        }
        return listing.isDirectory() ? "browse/directory" : "browse/file";
    }

    @GetMapping("/snapshots/{host}/{snapshot}/versions/{*path}")
    String versions(@PathVariable String host, @PathVariable String snapshot, @PathVariable String path,
                    @RequestParam(name = "path", required = false) String pathParam, Principal principal,
                    Model model) {
        BrowsableSnapshot s = files.snapshot(host, snapshot);
        SnapshotPath p = SnapshotPath.parse(pathParam != null ? pathParam : path);
        List<FileVersion> versions = files.versions(s.host(), p, principal.getName());
        model.addAttribute("snapshot", s);
        model.addAttribute("path", p);
        model.addAttribute("versions", versions);
        model.addAttribute("links", new BrowseLinks(s.host(), s.name()));
        return "browse/versions";
    }

    /** Page numbers start at 1; anything else is a 400, not a stack trace. */
    private static int pageNumber(String page) {
        try {
            int n = Integer.parseInt(page.strip());
            if (n >= 1 && n <= Integer.MAX_VALUE / PAGE_SIZE) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // worded below
        }
        throw new IllegalArgumentException("page must be a whole number from 1 up, got '" + page + "'");
    }
}
