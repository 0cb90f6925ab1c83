package org.pobsync.api;

import jakarta.servlet.http.HttpServletRequest;
import org.pobsync.hosts.HostService;
import org.pobsync.snapshots.SnapshotRepository;
import org.pobsync.snapshots.SnapshotStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** /api/snapshots/?host=&status=: snapshot records, newest first, paginated. */
@RestController
class SnapshotApiController {

    private final SnapshotRepository snapshots;
    private final HostService hosts;

    SnapshotApiController(SnapshotRepository snapshots, HostService hosts) {
        this.snapshots = snapshots;
        this.hosts = hosts;
    }

    @GetMapping({"/api/snapshots/", "/api/snapshots"})
    ResponseEntity<byte[]> list(@RequestParam(required = false) String host,
                                @RequestParam(required = false) String status,
                                @RequestParam(required = false) String limit,
                                @RequestParam(required = false) String offset, HttpServletRequest request) {
        Pagination p = Pagination.parse(limit, offset);
        Long hostId = blank(host) ? null : hosts.get(host.strip()).id();
        SnapshotStatus s = blank(status) ? null : parseStatus(status);
        long count = snapshots.count(hostId, s);
        var rows = snapshots.find(hostId, s, p.limit(), p.offset()).stream().map(SnapshotJson::of).toList();
        return ApiResponses.ok(p.page(count, rows, request, Pagination.filters(
                "host", blank(host) ? null : host.strip(), "status", s == null ? null : s.dbValue())));
    }

    static SnapshotStatus parseStatus(String value) {
        try {
            return SnapshotStatus.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown snapshot status '" + value
                    + "': use complete, partial, incomplete, deleting, deleted or missing");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
