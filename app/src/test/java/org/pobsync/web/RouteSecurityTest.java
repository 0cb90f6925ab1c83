package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pobsync.testsupport.PanelRequests.nonStaff;
import static org.pobsync.testsupport.PanelRequests.staff;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pobsync.hosts.Host;
import org.pobsync.runs.RunStatus;
import org.pobsync.snapshots.SnapshotStatus;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Holds every request mapping of the application to SPEC section 9: an authenticated, active
 * staff user, except for a short explicit allowlist. A new controller is covered the moment it
 * exists; a new public route has to be added here on purpose.
 */
@WebTest
class RouteSecurityTest {

    /** The only public routes (the static files are checked separately below). */
    static final Set<String> PUBLIC = Set.of("/login", "/healthz", "/error");

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    Host host;
    long runId;
    long snapshotId;

    @BeforeEach
    void data() {
        host = fixture.newHost("route");
        runId = fixture.run(host, RunStatus.SUCCEEDED, null).id();
        snapshotId = fixture.snapshot(host, "20260101T021500Z", SnapshotStatus.COMPLETE, null).id();
        // The snapshot's files exist, so its browse and download routes answer a staff user.
        org.pobsync.testsupport.DiskFixtures.file(fixture.app().globalConfig().get().backupRoot()
                .resolve(host.name()).resolve("20260101T021500Z/data/etc/hosts"), "127.0.0.1 localhost\n");
        // /admin/ re-reads the account on every request, so the superuser must really exist.
        if (fixture.app().users().list().stream().noneMatch(u -> u.username().equals(ROUTE_ROOT))) {
            fixture.app().users().create(ROUTE_ROOT, null, WebFixture.PASSWORD, true, true, "test");
        }
        // /notifications/channels/{name}/... is a channel's page: one named like the host.
        fixture.app().channels().create(org.pobsync.notify.ChannelSpec.webhook(host.name(),
                "https://hooks.example.org/route", "generic"), "test");
    }

    static final String ROUTE_ROOT = "route-root-test";

    record Route(HttpMethod method, String pattern) {
    }

    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            Set<RequestMethod> methods = e.getKey().getMethodsCondition().getMethods();
            for (String pattern : e.getKey().getPatternValues()) {
                if (methods.isEmpty()) {
                    routes.add(new Route(HttpMethod.GET, pattern));
                    routes.add(new Route(HttpMethod.POST, pattern));
                }
                methods.forEach(m -> routes.add(new Route(HttpMethod.valueOf(m.name()), pattern)));
            }
        }
        assertThat(routes).as("the panel's routes were found").hasSizeGreaterThan(15);
        return routes;
    }

    @Test
    void everyRouteRefusesAnonymousAndNonStaffUsersAndPostsWithoutCsrf() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Route r : routes()) {
            if (PUBLIC.contains(r.pattern())) {
                continue;
            }
            String url = url(r.pattern());
            boolean api = r.pattern().startsWith("/api") || r.pattern().equals("/metrics");
            boolean superuserOnly = r.pattern().startsWith("/admin") || r.pattern().startsWith("/notifications")
                    || r.pattern().startsWith("/settings");
            MockHttpServletResponse anonymous = perform(request(r.method(), url).with(csrf()));
            if (api) {
                // Scripts get a JSON 401, not a login page.
                assertThat(anonymous.getStatus()).as("anonymous %s %s", r.method(), url).isEqualTo(401);
            } else {
                assertThat(anonymous.getStatus()).as("anonymous %s %s", r.method(), url).isEqualTo(302);
                assertThat(anonymous.getRedirectedUrl()).as("anonymous %s %s", r.method(), url).endsWith("/login");
            }

            assertThat(perform(request(r.method(), url).with(nonStaff()).with(csrf())).getStatus())
                    .as("non-staff %s %s", r.method(), url).isEqualTo(403);
            if (r.method() == HttpMethod.POST) {
                assertThat(perform(request(r.method(), url).with(superuser())).getStatus())
                        .as("staff %s %s without a CSRF token", r.method(), url).isEqualTo(403);
            } else if (superuserOnly) {
                assertThat(perform(request(r.method(), url).with(staff())).getStatus())
                        .as("staff who is not a superuser GET %s", url).isEqualTo(403);
                assertThat(perform(request(r.method(), url).with(superuser())).getStatus())
                        .as("superuser GET %s", url).isEqualTo(200);
            } else {
                // Allowed: the page itself, or a redirect inside the panel (e.g. a confirm page
                // that is not needed in the current state) — never back to the login page.
                MockHttpServletResponse page = perform(request(r.method(), url).with(staff()));
                if (r.pattern().contains("**")) {
                    // The API's catch-all answers unknown paths with a JSON 404.
                    assertThat(page.getStatus()).as("staff GET %s", url).isEqualTo(404);
                    checked.add(r.method() + " " + r.pattern());
                    continue;
                }
                assertThat(page.getStatus()).as("staff GET %s", url).isIn(200, 301, 302);
                if (page.getStatus() != 200) {
                    assertThat(page.getRedirectedUrl()).as("staff GET %s", url).doesNotContain("/login");
                }
            }
            checked.add(r.method() + " " + r.pattern());
        }
        assertThat(checked).contains("GET /", "GET /hosts/{name}/", "POST /hosts/{name}/backup", "GET /runs/{id}/partial",
                "POST /runs/{id}/cancel", "GET /ssh/", "GET /self-check/", "GET /admin/", "GET /api/runs/{id}/",
                "GET /metrics", "GET /notifications/", "POST /notifications/channels/{name}/test",
                "GET /hosts/{name}/alerts", "GET /settings/", "POST /settings/");
    }

    @Test
    void theAllowlistIsShortAndEveryEntryExists() throws Exception {
        Set<String> patterns = new TreeSet<>();
        routes().forEach(r -> patterns.add(r.pattern()));
        assertThat(patterns).containsAll(PUBLIC);
        assertThat(perform(get("/healthz")).getContentAsString()).isEqualTo("ok\n");
        assertThat(perform(get("/login")).getStatus()).isEqualTo(200);
    }

    @Test
    void staticFilesArePublicButNothingElseIs() throws Exception {
        assertThat(perform(get("/css/pobsync.css")).getStatus()).isEqualTo(200);
        assertThat(perform(get("/js/refresh.js")).getStatus()).isEqualTo(200);
        assertThat(perform(get("/favicon.svg")).getStatus()).isEqualTo(200);
        MockHttpServletResponse unknown = perform(get("/no/such/page"));
        assertThat(unknown.getStatus()).as("an unknown URL does not reveal that it is unknown").isEqualTo(302);
        assertThat(perform(get("/actuator")).getStatus()).isEqualTo(302);
        assertThat(perform(get("/actuator").with(staff())).getStatus()).isEqualTo(404);
    }

    private String url(String pattern) {
        // A snapshot's id where the route names a snapshot (panel or API), else the run's.
        boolean snapshot = pattern.startsWith("/snapshots/") || pattern.startsWith("/api/snapshots/");
        String id = snapshot ? String.valueOf(snapshotId) : String.valueOf(runId);
        return pattern.replace("{name}", host.name()).replace("{id}", id).replace("{username}", WebFixture.STAFF)
                .replace("{host}", host.name()).replace("{snapshot}", "20260101T021500Z")
                .replace("{*path}", "etc/hosts");
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor superuser() {
        return org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                .user(ROUTE_ROOT).roles("STAFF", "SUPERUSER");
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }
}
