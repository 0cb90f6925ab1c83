package org.pobsync.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pobsync.audit.AuditEvent;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.pobsync.users.User;
import org.springframework.beans.factory.annotation.Autowired;
import jakarta.servlet.http.Cookie;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@WebTest
class LoginTest {

    private static final AtomicInteger ADDRESSES = new AtomicInteger(10);

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    /** Each test logs in from its own address, so the per-address throttle never couples tests. */
    private final String address = "10.0.0." + ADDRESSES.incrementAndGet();

    private MockHttpServletRequestBuilder login(String username, String password) {
        return post("/login").param("username", username).param("password", password).with(csrf())
                .with(r -> {
                    r.setRemoteAddr(address);
                    return r;
                });
    }

    private String newUser(String prefix, boolean staff) {
        String name = prefix + ADDRESSES.incrementAndGet();
        fixture.app().users().create(name, null, WebFixture.PASSWORD, staff, false, "test");
        return name;
    }

    @Test
    void successfulLoginIsRecordedAndAudited() throws Exception {
        String name = newUser("ok", true);
        mvc.perform(login(name, WebFixture.PASSWORD))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/"))
                .andExpect(authenticated().withUsername(name).withRoles("STAFF"));
        User u = fixture.app().users().get(name);
        assertThat(u.lastLoginAt()).isNotNull();
        assertThat(fixture.app().audit().recent(name, "login", 5, 0))
                .singleElement().extracting(AuditEvent::remoteAddr).isEqualTo(address);
    }

    @Test
    void failedLoginIsAuditedWithTheRemoteAddressAndShowsOneMessage() throws Exception {
        String name = newUser("typo", true);
        mvc.perform(login(name, "wrong password"))
                .andExpect(redirectedUrl("/login?error"))
                .andExpect(unauthenticated());
        assertThat(fixture.app().audit().recent(name, "login.failed", 5, 0))
                .singleElement().satisfies(e -> {
                    assertThat(e.remoteAddr()).isEqualTo(address);
                    assertThat(e.detail()).isEqualTo("bad credentials");
                });
        mvc.perform(login("nobody-at-all", "whatever"))
                .andExpect(redirectedUrl("/login?error"));
        assertThat(fixture.app().audit().recent("nobody-at-all", "login.failed", 5, 0)).hasSize(1);
    }

    @Test
    void nonStaffAndInactiveAccountsAreRefusedEvenWithTheRightPassword() throws Exception {
        mvc.perform(login(WebFixture.VIEWER, WebFixture.PASSWORD))
                .andExpect(redirectedUrl("/login?error"))
                .andExpect(unauthenticated());
        String name = newUser("gone", true);
        fixture.app().users().setFlags(name, false, true, false, "test");
        mvc.perform(login(name, WebFixture.PASSWORD))
                .andExpect(redirectedUrl("/login?error"))
                .andExpect(unauthenticated());
        assertThat(fixture.app().audit().recent(name, "login.failed", 5, 0))
                .singleElement().extracting(AuditEvent::detail).isEqualTo("account inactive or not staff");
    }

    @Test
    void aRetryTooSoonAfterAFailureIsRefusedWithoutCheckingThePassword() throws Exception {
        String name = newUser("hasty", true);
        mvc.perform(login(name, "typo")).andExpect(redirectedUrl("/login?error"));
        mvc.perform(login(name, "another typo")).andExpect(redirectedUrl("/login?error"));
        MockHttpSession session = (MockHttpSession) mvc.perform(login(name, WebFixture.PASSWORD))
                .andExpect(redirectedUrl("/login?error"))
                .andExpect(unauthenticated())
                .andReturn().getRequest().getSession();
        mvc.perform(get("/login").param("error", "").session(session))
                .andExpect(content().string(containsString("Too many failed logins. Try again in 1 s.")));
        assertThat(fixture.app().audit().recent("(anonymous)", "login.refused", 10, 0))
                .anySatisfy(e -> assertThat(e.remoteAddr()).isEqualTo(address));
        Thread.sleep(LoginThrottle.FIRST_DELAY.toMillis() + 100);
        mvc.perform(login(name, WebFixture.PASSWORD)).andExpect(authenticated().withUsername(name));
    }

    @Test
    void aStrangerHammeringAUserNameDoesNotLockTheRealUserOut() throws Exception {
        String name = newUser("target", true);
        for (int i = 0; i < 25; i++) {
            mvc.perform(login(name, "guess " + i).with(r -> {
                r.setRemoteAddr("198.51.100.66");
                return r;
            })).andExpect(redirectedUrl("/login?error"));
        }
        mvc.perform(login(name, WebFixture.PASSWORD)).andExpect(authenticated().withUsername(name));
    }

    @Test
    void aFloodOfFailedLoginsIsOneCountedAuditRow() throws Exception {
        String name = newUser("flooded", true);
        String from = "198.51.100." + ADDRESSES.incrementAndGet();
        for (int i = 0; i < 200; i++) {
            mvc.perform(login(name, "guess").with(r -> {
                r.setRemoteAddr(from);
                return r;
            })).andExpect(redirectedUrl("/login?error"));
        }
        List<AuditEvent> failed = fixture.app().audit().recent(name, "login.failed", 10, 0);
        List<AuditEvent> refused = fixture.app().audit().recent("(anonymous)", "login.refused", 100, 0).stream()
                .filter(e -> from.equals(e.remoteAddr())).toList();
        assertThat(failed).singleElement().satisfies(e -> assertThat(e.detail()).isEqualTo("bad credentials"));
        assertThat(refused).singleElement();
        assertThat(failed.get(0).repeatCount() + refused.get(0).repeatCount()).isEqualTo(200);
    }

    @Test
    void loginWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/login").param("username", WebFixture.STAFF).param("password", WebFixture.PASSWORD))
                .andExpect(status().isForbidden())
                .andExpect(unauthenticated());
    }

    @Test
    void rememberMeIsOptionalAndSignedWithTheSecretFile() throws Exception {
        mvc.perform(login(WebFixture.STAFF, WebFixture.PASSWORD))
                .andExpect(cookie().doesNotExist("remember-me"));
        mvc.perform(login(WebFixture.STAFF, WebFixture.PASSWORD).param("remember-me", "true"))
                .andExpect(cookie().exists("remember-me"))
                .andExpect(cookie().httpOnly("remember-me", true));
        var secret = fixture.app().settings().secretFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(Files.readString(secret).trim()).hasSize(64);
    }

    @Test
    void keepMeSignedInLogsTheBrowserInAgainAfterItsSessionIsGone() throws Exception {
        String name = newUser("remembered", true);
        Cookie rememberMe = mvc.perform(login(name, WebFixture.PASSWORD).param("remember-me", "true"))
                .andReturn().getResponse().getCookie("remember-me");
        assertThat(rememberMe).isNotNull();
        mvc.perform(get("/hosts/").cookie(rememberMe))
                .andExpect(status().isOk())
                .andExpect(authenticated().withUsername(name));
    }

    @Test
    void changingThePasswordEndsTheUsersOtherSessionsAndRememberedBrowsers() throws Exception {
        String name = newUser("rotating", true);
        MockHttpSession here = session(login(name, WebFixture.PASSWORD));
        MvcResult elsewhere = mvc.perform(login(name, WebFixture.PASSWORD).param("remember-me", "true")).andReturn();
        MockHttpSession other = (MockHttpSession) elsewhere.getRequest().getSession();
        Cookie rememberMe = elsewhere.getResponse().getCookie("remember-me");
        mvc.perform(get("/hosts/").session(other)).andExpect(status().isOk());

        String fresh = "a new and longer passphrase";
        mvc.perform(post("/account/password").session(here).with(csrf()).param("currentPassword", WebFixture.PASSWORD)
                        .param("password", fresh).param("passwordAgain", fresh))
                .andExpect(redirectedUrl("/account/"));

        mvc.perform(get("/hosts/").session(here)).andExpect(status().isOk());
        mvc.perform(get("/hosts/").session(other)).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/hosts/").cookie(rememberMe)).andExpect(redirectedUrl("/login"));
    }

    @Test
    void aPasswordResetElsewhereEndsEverySessionOfThatUser() throws Exception {
        String name = newUser("reset", true);
        MockHttpSession session = session(login(name, WebFixture.PASSWORD));
        mvc.perform(get("/hosts/").session(session)).andExpect(status().isOk());
        // What "manage change-password" or an admin's reset does, from any process.
        fixture.app().users().changePassword(name, "reset by the administrator", "cli:root");
        mvc.perform(get("/hosts/").session(session)).andExpect(redirectedUrl("/login"));
    }

    private MockHttpSession session(MockHttpServletRequestBuilder login) throws Exception {
        return (MockHttpSession) mvc.perform(login).andExpect(authenticated()).andReturn().getRequest().getSession();
    }

    @Test
    void logoutIsAPostAndEndsTheSession() throws Exception {
        MockHttpSession session = (MockHttpSession) mvc.perform(login(WebFixture.STAFF, WebFixture.PASSWORD))
                .andReturn().getRequest().getSession();
        mvc.perform(get("/").session(session)).andExpect(status().isOk());
        mvc.perform(post("/logout").session(session)).andExpect(status().isForbidden());
        mvc.perform(post("/logout").session(session).with(csrf()))
                .andExpect(redirectedUrl("/login?logout"));
        mvc.perform(get("/").session(session)).andExpect(redirectedUrl("/login"));
    }

    @Test
    void deactivatingAUserEndsTheirSessionAtTheNextRequest() throws Exception {
        String name = newUser("leaver", true);
        MockHttpSession session = (MockHttpSession) mvc.perform(login(name, WebFixture.PASSWORD))
                .andReturn().getRequest().getSession();
        mvc.perform(get("/hosts/").session(session)).andExpect(status().isOk());
        fixture.app().users().setFlags(name, false, true, false, "test");
        mvc.perform(get("/hosts/").session(session)).andExpect(redirectedUrl("/login"));
    }

    @Test
    void loginPageIsPublicAndHealthzSaysOnlyOk() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Staff accounts only")))
                .andExpect(content().string(containsString("name=\"_csrf\"")));
        mvc.perform(get("/healthz"))
                .andExpect(status().isOk())
                .andExpect(content().string("ok\n"));
    }
}
