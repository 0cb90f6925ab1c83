package org.pobsync.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.pobsync.audit.AuditEvent;
import org.pobsync.testsupport.HttpAgent;
import org.pobsync.testsupport.HttpAgent.Response;
import org.pobsync.testsupport.PanelServer;
import org.pobsync.testsupport.WebFixture;

/**
 * The panel behind a TLS reverse proxy, over real HTTP (SPEC section 16): forwarded headers from
 * the proxy named in POBSYNC_TRUSTED_PROXIES decide the client address (throttle, audit log),
 * https (Secure cookies, HSTS); from anyone else they change nothing. Redirects are paths, so
 * they follow the browser's scheme and host and never repeat a Host header.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardedHeadersTest {

    PanelServer behindProxy;
    PanelServer otherProxy;

    @BeforeAll
    void start() {
        behindProxy = PanelServer.start(Map.of("POBSYNC_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1"));
        otherProxy = PanelServer.start(Map.of("POBSYNC_TRUSTED_PROXIES", "192.0.2.1"));
    }

    @AfterAll
    void stop() {
        behindProxy.close();
        otherProxy.close();
    }

    @Test
    void theClientAddressIsTheOneTheTrustedProxyForwarded() {
        failLogin(behindProxy, "addr-xff", "X-Forwarded-For", "203.0.113.7");
        assertThat(lastFailure(behindProxy, "addr-xff").remoteAddr()).isEqualTo("203.0.113.7");
        // A client's own X-Forwarded-For is in front of what the proxy appended: only the proxy's entry counts.
        failLogin(behindProxy, "addr-spoof", "X-Forwarded-For", "6.6.6.6, 203.0.113.8");
        assertThat(lastFailure(behindProxy, "addr-spoof").remoteAddr()).isEqualTo("203.0.113.8");
        failLogin(behindProxy, "addr-rfc7239", "Forwarded", "for=\"[2001:db8::7]:4711\";proto=https");
        assertThat(lastFailure(behindProxy, "addr-rfc7239").remoteAddr()).isEqualTo("2001:db8::7");
    }

    @Test
    void behindTheProxyAStrangerCannotLockOutTheRealUser() {
        for (int i = 0; i < 25; i++) {
            behindProxy.agent().login(WebFixture.STAFF, "guess " + i, false, "X-Forwarded-For", "203.0.113.66");
        }
        Response real = behindProxy.agent().login(WebFixture.STAFF, WebFixture.PASSWORD, false,
                "X-Forwarded-For", "198.51.100.1");
        assertThat(real.status()).isEqualTo(302);
        assertThat(real.header("Location")).isEqualTo("/");
    }

    @Test
    void httpsAtTheProxyMakesTheCookiesSecureAndTurnsOnHsts() {
        HttpAgent browser = behindProxy.agent();
        Response page = browser.get("/login", "X-Forwarded-Proto", "https");
        assertThat(page.setCookie("JSESSIONID")).contains("Secure", "HttpOnly", "SameSite=Lax");
        assertThat(page.header("Strict-Transport-Security")).startsWith("max-age=");

        Response login = browser.login(WebFixture.STAFF, WebFixture.PASSWORD, true, "X-Forwarded-Proto", "https");
        assertThat(login.setCookie("remember-me")).contains("Secure", "HttpOnly", "SameSite=Lax");
        assertThat(login.header("Location")).isEqualTo("/");
    }

    @Test
    void forwardedHeadersFromAnyoneElseChangeNothing() {
        failLogin(otherProxy, "addr-direct", "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https",
                "Forwarded", "for=203.0.113.9;proto=https");
        assertThat(lastFailure(otherProxy, "addr-direct").remoteAddr()).isEqualTo("127.0.0.1");
        Response page = otherProxy.agent().get("/login", "X-Forwarded-Proto", "https");
        assertThat(page.setCookie("JSESSIONID")).contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure");
        assertThat(page.header("Strict-Transport-Security")).isNull();
        Response login = otherProxy.agent().login(WebFixture.STAFF, WebFixture.PASSWORD, true,
                "X-Forwarded-Proto", "https");
        assertThat(login.setCookie("remember-me")).contains("HttpOnly", "SameSite=Lax").doesNotContain("Secure");
    }

    @Test
    void redirectsArePathsAndNeverRepeatTheHostHeader() {
        for (PanelServer server : List.of(otherProxy, behindProxy)) {
            HttpAgent browser = server.agent();
            Response toLogin = browser.get("/hosts/?sort=name", "Host", "evil.example", "X-Forwarded-Host",
                    "evil.example", "X-Forwarded-Proto", "https");
            assertThat(toLogin.status()).isEqualTo(302);
            assertThat(toLogin.header("Location")).isEqualTo("/login");
            Response back = browser.login(WebFixture.STAFF, WebFixture.PASSWORD, false, "Host", "evil.example");
            assertThat(back.header("Location")).startsWith("/hosts/?sort=name").doesNotContain("evil");
            assertThat(browser.get("/api", "Host", "evil.example").header("Location")).isEqualTo("/api/");
        }
    }

    private static void failLogin(PanelServer server, String username, String... headers) {
        Response r = server.agent().login(username, "wrong password", false, headers);
        assertThat(r.header("Location")).isEqualTo("/login?error");
    }

    private static AuditEvent lastFailure(PanelServer server, String username) {
        return server.app().audit().recent(username, "login.failed", 1, 0).get(0);
    }
}
