package org.pobsync.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pobsync.format.Json;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;

/**
 * Who may read the API and /metrics: every endpoint for anonymous callers (401), users who are
 * not staff (403), staff sessions and staff API tokens (200), and tokens that are wrong, of an
 * inactive user (401) or of a user who is no longer staff (403). Failures are always JSON.
 */
@WebTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAccessTest {

    private static final AtomicInteger USERS = new AtomicInteger();

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    List<String> endpoints;
    String staffToken;
    String nonStaffToken;
    String inactiveToken;

    @BeforeAll
    void data() {
        ApiSamples.Sample s = ApiSamples.host(fixture, "access");
        String h = s.host().name();
        endpoints = List.of("/api/", "/api/status/", "/api/hosts/", "/api/hosts/" + h + "/",
                "/api/snapshots/?host=" + h, "/api/runs/?host=" + h + "&status=failed", "/api/runs/" + s.run().id() + "/",
                "/metrics");
        int n = USERS.incrementAndGet();
        staffToken = ApiSamples.token(fixture, "api-staff-" + n, true, true);
        nonStaffToken = ApiSamples.token(fixture, "api-demoted-" + n, false, true);
        inactiveToken = ApiSamples.token(fixture, "api-inactive-" + n, true, false);
    }

    @Test
    void anonymousCallersGetAJson401() throws Exception {
        for (String url : endpoints) {
            MockHttpServletResponse r = call(get(url));
            assertError(url, r, 401, "authentication required");
            assertThat(r.getHeader("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void usersWhoAreNotStaffGetAJson403() throws Exception {
        for (String url : endpoints) {
            assertError(url, call(get(url).with(user(WebFixture.VIEWER).roles())), 403, "only active staff");
            assertError(url, call(get(url).header("Authorization", "Bearer " + nonStaffToken)), 403,
                    "only active staff");
        }
    }

    @Test
    void staffSessionsAndStaffTokensAreServed() throws Exception {
        RequestPostProcessor session = user(WebFixture.STAFF).roles("STAFF");
        for (String url : endpoints) {
            for (MockHttpServletRequestBuilder r : List.of(get(url).with(session),
                    get(url).header("Authorization", "Bearer " + staffToken))) {
                MockHttpServletResponse response = call(r);
                assertThat(response.getStatus()).as(url).isEqualTo(200);
                if (url.equals("/metrics")) {
                    assertThat(response.getContentType()).startsWith("text/plain");
                } else {
                    assertThat(response.getContentType()).as(url).isEqualTo("application/json");
                    assertThat(Json.MAPPER.readTree(response.getContentAsString()).isObject()).isTrue();
                }
            }
        }
    }

    @Test
    void wrongOrInactiveTokensGetA401AndNeverFallBackToTheSession() throws Exception {
        for (String url : endpoints) {
            assertError(url, call(get(url).header("Authorization", "Bearer " + inactiveToken)), 401, "invalid");
            assertError(url, call(get(url).header("Authorization", "Bearer pbs_" + "A".repeat(43))), 401, "invalid");
            assertError(url, call(get(url).header("Authorization", "Bearer not-a-token")
                    .with(user(WebFixture.STAFF).roles("STAFF"))), 401, "invalid");
        }
    }

    @Test
    void tokenRequestsDoNotStartASession() throws Exception {
        MockHttpServletResponse r = call(get("/api/status/").header("Authorization", "Bearer " + staffToken));
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(r.getCookie("JSESSIONID")).isNull();
        assertThat(r.getHeader("Set-Cookie")).isNull();
    }

    private MockHttpServletResponse call(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse();
    }

    static void assertError(String url, MockHttpServletResponse r, int status, String message) throws Exception {
        assertThat(r.getStatus()).as(url).isEqualTo(status);
        assertThat(r.getContentType()).as(url).isEqualTo("application/json");
        JsonNode body = Json.MAPPER.readTree(r.getContentAsString());
        assertThat(body.propertyNames()).as(url).containsExactlyInAnyOrder("error", "status");
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.get("error").asString()).as(url).contains(message);
    }
}
