package org.pobsync.api;

import org.pobsync.settings.PobsyncVersion;
import org.pobsync.status.HostOverview;
import org.pobsync.status.StatusService;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** /api/ (the index of links) and /api/status/. */
@RestController
class ApiIndexController {

    record Index(String version, Links links, String documentation) {
    }

    /** Where each resource lives; {name} and {id} are to be filled in. */
    record Links(String status, String hosts, String host, String snapshots, String runs, String run,
                 String files, String versions) {
    }

    static final Index INDEX = new Index(PobsyncVersion.get(), new Links("/api/status/", "/api/hosts/",
            "/api/hosts/{name}/", "/api/snapshots/", "/api/runs/", "/api/runs/{id}/",
            "/api/snapshots/{id}/files/?path=", "/api/hosts/{name}/versions/?path="),
            "docs/api.md in the pobsync source");

    private final StatusService status;
    private final HostOverview overview;

    ApiIndexController(StatusService status, HostOverview overview) {
        this.status = status;
        this.overview = overview;
    }

    @GetMapping("/api/")
    ResponseEntity<byte[]> index() {
        return ApiResponses.ok(INDEX);
    }

    @GetMapping({"/api/status/", "/api/status"})
    ResponseEntity<byte[]> status() {
        // The web process's shared overview, like the dashboard's (HostOverview says how old): monitoring
        // scripts poll this, and deciding 1,000 hosts' states per request cost ~80 ms of CPU.
        return ApiResponses.ok(StatusJson.of(status.report(overview.hosts())));
    }
}
