package org.pobsync.api;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.pobsync.config.GlobalConfig;
import org.pobsync.config.GlobalConfigService;
import org.pobsync.credentials.CredentialService;
import org.pobsync.credentials.PinnedHostKey;
import org.pobsync.hosts.Host;
import org.pobsync.hosts.HostService;
import org.pobsync.status.StatusService;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** /api/hosts/ (by name, paginated) and /api/hosts/{name}/. */
@RestController
class HostApiController {

    private final HostService hosts;
    private final StatusService status;
    private final CredentialService credentials;
    private final GlobalConfigService globalConfig;
    private final Clock clock;

    HostApiController(HostService hosts, StatusService status, CredentialService credentials,
                      GlobalConfigService globalConfig, Clock clock) {
        this.hosts = hosts;
        this.status = status;
        this.credentials = credentials;
        this.globalConfig = globalConfig;
        this.clock = clock;
    }

    @GetMapping({"/api/hosts/", "/api/hosts"})
    ResponseEntity<byte[]> list(@RequestParam(required = false) String limit,
                                @RequestParam(required = false) String offset, HttpServletRequest request) {
        Pagination p = Pagination.parse(limit, offset);
        // Every host's status in a constant number of queries; the list is sorted by name.
        List<StatusService.HostStatus> all = status.hostStatuses();
        Map<Long, List<PinnedHostKey>> pinned = credentials.pinnedByHost();
        GlobalConfig global = globalConfig.get();
        Instant now = clock.instant();
        List<HostJson> page = all.stream().skip(p.offset()).limit(p.limit())
                .map(h -> HostJson.of(h, pinned.getOrDefault(h.host().id(), List.of()), global, now)).toList();
        return ApiResponses.ok(p.page(all.size(), page, request, Pagination.filters()));
    }

    @GetMapping({"/api/hosts/{name}/", "/api/hosts/{name}"})
    ResponseEntity<byte[]> show(@PathVariable String name) {
        Host host = hosts.get(name);
        Instant now = clock.instant();
        return ApiResponses.ok(HostJson.of(status.hostStatus(host, now), credentials.pinned(host), globalConfig.get(),
                now));
    }
}
