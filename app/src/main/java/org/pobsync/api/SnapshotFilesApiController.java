package org.pobsync.api;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.List;
import org.pobsync.browse.BrowsableSnapshot;
import org.pobsync.browse.DirectoryPage;
import org.pobsync.browse.FileEntryJson;
import org.pobsync.browse.FileVersion;
import org.pobsync.browse.FileVersionJson;
import org.pobsync.browse.SnapshotFiles;
import org.pobsync.engine.tree.SnapshotPath;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Read-only views into snapshots (SPEC section 13): a directory's entries, and a path's versions
 * across a host's snapshots, paginated like every list (docs/api.md). Downloads stay in the panel.
 */
@RestController
class SnapshotFilesApiController {

    /** A directory page: where it is, what it is, and its entries. */
    record FileList(long snapshotId, String host, String snapshot, String path, String type, long count, int limit,
                    int offset, String next, String previous, List<FileEntryJson> results) {
    }

    /** The versions of one path, newest first. */
    record VersionList(String host, String path, long count, int limit, int offset, String next, String previous,
                       List<FileVersionJson> results) {
    }

    private final SnapshotFiles files;

    SnapshotFilesApiController(SnapshotFiles files) {
        this.files = files;
    }

    @GetMapping({"/api/snapshots/{id}/files/", "/api/snapshots/{id}/files"})
    ResponseEntity<byte[]> files(@PathVariable long id, @RequestParam(required = false) String path,
                                 @RequestParam(required = false) String limit,
                                 @RequestParam(required = false) String offset, Principal principal,
                                 HttpServletRequest request) {
        Pagination p = Pagination.parse(limit, offset);
        BrowsableSnapshot snapshot = files.snapshot(id);
        SnapshotPath where = SnapshotPath.parse(path);
        DirectoryPage page = files.list(snapshot, where, p.offset(), p.limit(), principal.getName());
        var rows = page.entries().stream().map(FileEntryJson::of).toList();
        var links = p.page(page.total(), rows, request, Pagination.filters("path", path));
        return ApiResponses.ok(new FileList(snapshot.id(), snapshot.host(), snapshot.name(), where.escaped(),
                page.self().stat().type().jsonName(), links.count(), links.limit(), links.offset(), links.next(),
                links.previous(), links.results()));
    }

    @GetMapping({"/api/hosts/{name}/versions/", "/api/hosts/{name}/versions"})
    ResponseEntity<byte[]> versions(@PathVariable String name, @RequestParam(required = false) String path,
                                    @RequestParam(required = false) String limit,
                                    @RequestParam(required = false) String offset, Principal principal,
                                    HttpServletRequest request) {
        Pagination p = Pagination.parse(limit, offset);
        SnapshotPath where = SnapshotPath.parse(path);
        List<FileVersion> all = files.versions(name, where, principal.getName());
        var rows = all.stream().skip(p.offset()).limit(p.limit()).map(FileVersionJson::of).toList();
        var links = p.page(all.size(), rows, request, Pagination.filters("path", path));
        return ApiResponses.ok(new VersionList(name, where.escaped(), links.count(), links.limit(), links.offset(),
                links.next(), links.previous(), links.results()));
    }
}
