package org.pobsync.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pobsync.hosts.HostService.Editor;
import org.pobsync.testsupport.HttpAgent;
import org.pobsync.testsupport.HttpAgent.Response;
import org.pobsync.testsupport.PanelServer;
import org.pobsync.testsupport.WebFixture;

/**
 * An API token is a read-only credential for one request at a time, over real HTTP: it never
 * creates, authenticates or even reads a panel session (so a token cannot be turned into a
 * cookie that opens the panel, and revoking it ends everything it allowed), and anything but
 * GET/HEAD is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTokenStatelessTest {

    PanelServer server;
    String token;

    @BeforeAll
    void start() {
        server = PanelServer.start(Map.of());
        token = server.app().apiTokens().create(WebFixture.STAFF, "script", "test").secret();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aTokenRequestNeitherCreatesNorAuthenticatesASession() {
        HttpAgent agent = server.agent();
        agent.get("/login");
        String anonymousSession = agent.cookies().get("JSESSIONID");
        assertThat(anonymousSession).isNotNull();
        for (String path : List.of("/api/status/", "/metrics")) {
            Response r = agent.get(path, "Authorization", "Bearer " + token);
            assertThat(r.status()).as(path).isEqualTo(200);
            assertThat(r.all("set-cookie")).as(path).isEmpty();
        }
        assertThat(agent.cookies()).containsExactly(Map.entry("JSESSIONID", anonymousSession));
        Response panel = agent.get("/hosts/new");
        assertThat(panel.status()).isEqualTo(302);
        assertThat(panel.header("Location")).endsWith("/login");

        HttpAgent fresh = server.agent();
        assertThat(fresh.get("/api/status/", "Authorization", "Bearer " + token).all("set-cookie")).isEmpty();
        assertThat(fresh.cookies()).isEmpty();
    }

    @Test
    void aTokenIsNotAPanelLogin() {
        Response r = server.agent().get("/hosts/", "Authorization", "Bearer " + token);
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.header("Location")).endsWith("/login");
    }

    @Test
    void aTokenMayOnlyRead() {
        String host = server.app().hosts().save("token-post", h -> h.address("web.example.net")
                .sourcePaths(List.of("/etc")), Editor.maintainer("test")).host().name();
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            Response r = server.agent().send(method, "/api/hosts/" + host + "/", "", "Authorization", "Bearer " + token);
            assertThat(r.status()).as(method).isEqualTo(405);
            assertThat(r.header("Allow")).isEqualTo("GET, HEAD");
            assertThat(r.body()).contains("405", "read-only");
        }
        Response backup = server.agent().post("/hosts/" + host + "/backup", Map.of(), "Authorization", "Bearer " + token);
        assertThat(backup.status()).isIn(302, 403);
        assertThat(server.app().runs().list(host, null, 10, 0)).isEmpty();
    }

    @Test
    void theTokenDecidesWhateverSessionComesWithIt() {
        HttpAgent staffBrowser = server.agent();
        assertThat(staffBrowser.login(WebFixture.STAFF, WebFixture.PASSWORD, false).status()).isEqualTo(302);
        assertThat(staffBrowser.get("/api/status/").status()).isEqualTo(200);

        String viewerToken = server.app().apiTokens().create(WebFixture.VIEWER, "viewer", "test").secret();
        assertThat(staffBrowser.get("/api/status/", "Authorization", "Bearer " + viewerToken).status()).isEqualTo(403);
        assertThat(staffBrowser.get("/api/status/", "Authorization", "Bearer pbs_nonsense").status()).isEqualTo(401);
        assertThat(staffBrowser.get("/api/status/").status()).as("the session itself is untouched").isEqualTo(200);
    }
}
