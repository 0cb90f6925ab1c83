package org.pobsync.api;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import org.pobsync.runs.RunJson;
import org.pobsync.runs.RunService;
import org.pobsync.runs.RunStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * /api/runs/?host=&status= (newest first, paginated) and /api/runs/{id}/. A run has the fields
 * of {@code pobsync runs --json} ({@link RunJson}), the same names in both.
 */
@RestController
class RunApiController {

    private final RunService runs;
    private final Clock clock;

    RunApiController(RunService runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
    }

    @GetMapping({"/api/runs/", "/api/runs"})
    ResponseEntity<byte[]> list(@RequestParam(required = false) String host,
                                @RequestParam(required = false) String status,
                                @RequestParam(required = false) String limit,
                                @RequestParam(required = false) String offset, HttpServletRequest request) {
        Pagination p = Pagination.parse(limit, offset);
        String hostName = host == null || host.isBlank() ? null : host.strip();
        RunStatus s = status == null || status.isBlank() ? null : RunStatus.parse(status);
        long count = runs.count(hostName, s); // an unknown host is a 404 here
        Instant now = clock.instant();
        var rows = runs.list(hostName, s, p.limit(), p.offset()).stream().map(r -> RunJson.of(r, now)).toList();
        return ApiResponses.ok(p.page(count, rows, request, Pagination.filters(
                "host", hostName, "status", s == null ? null : s.dbValue())));
    }

    @GetMapping({"/api/runs/{id}/", "/api/runs/{id}"})
    ResponseEntity<byte[]> show(@PathVariable long id) {
        return ApiResponses.ok(RunJson.of(runs.get(id), clock.instant()));
    }
}
