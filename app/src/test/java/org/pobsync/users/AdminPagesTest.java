package org.pobsync.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pobsync.testsupport.Html;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** /admin/: user management and the audit log, for superusers only. */
@WebTest
class AdminPagesTest {

    static final String ROOT = "root-admin-test";
    static final RequestPostProcessor SUPERUSER = user(ROOT).roles("STAFF", "SUPERUSER");
    static final RequestPostProcessor STAFF = user(WebFixture.STAFF).roles("STAFF");
    private static final AtomicInteger USERS = new AtomicInteger();

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    @BeforeEach
    void superuser() {
        if (fixture.app().users().list().stream().noneMatch(u -> u.username().equals(ROOT))) {
            fixture.app().users().create(ROOT, null, WebFixture.PASSWORD, true, true, "test");
        }
    }

    @Test
    void onlySuperusersReachUserManagement() throws Exception {
        String someone = newUser(false);
        List<MockHttpServletRequestBuilder> requests = List.of(get("/admin/"), get("/admin/audit/"),
                get("/admin/users/new"), get("/admin/users/" + someone + "/"),
                post("/admin/users/new").param("username", "sneaky").with(csrf()),
                post("/admin/users/" + someone + "/flags").param("active", "true").param("superuser", "true").with(csrf()),
                post("/admin/users/" + someone + "/password").param("password", "0123456789ab")
                        .param("passwordAgain", "0123456789ab").with(csrf()));
        for (MockHttpServletRequestBuilder r : requests) {
            mvc.perform(r.with(STAFF)).andExpect(status().isForbidden());
            mvc.perform(r.with(user(WebFixture.VIEWER).roles())).andExpect(status().isForbidden());
        }
        mvc.perform(get("/admin/")).andExpect(redirectedUrl("/login"));
        assertThat(fixture.app().users().get(someone).superuser()).isFalse();
        // A session that still claims the superuser role after the flag was taken away gets 403 too.
        mvc.perform(get("/admin/").with(user(WebFixture.STAFF).roles("STAFF", "SUPERUSER")))
                .andExpect(status().isForbidden());
        // The Admin entry is in the navigation of superusers only.
        assertThat(page("/self-check/", SUPERUSER)).contains("href=\"/admin/\"");
        assertThat(page("/self-check/", STAFF)).doesNotContain("href=\"/admin/\"");
    }

    @Test
    void createFormShowsEachErrorNextToItsField() throws Exception {
        String taken = newUser(false);
        String page = mvc.perform(post("/admin/users/new").param("username", "bad name!").param("email", "nope")
                        .param("password", "short").param("passwordAgain", "short").with(csrf()).with(SUPERUSER))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Html.field(page, "username")).contains("has-error", "use 1-150 characters");
        assertThat(Html.field(page, "email")).contains("has-error", "is not an e-mail address");
        assertThat(Html.field(page, "password")).contains("has-error", "at least 12 characters")
                .doesNotContain("value=\"short\"");
        // Only the two flags are checkboxes (no stray ones that would send a field twice).
        assertThat(page.split("type=\"checkbox\"", -1)).hasSize(3);

        page = mvc.perform(post("/admin/users/new").param("username", taken).param("password", taken)
                        .param("passwordAgain", taken + "x").with(csrf()).with(SUPERUSER))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Html.field(page, "passwordAgain")).contains("the two passwords differ");

        page = mvc.perform(post("/admin/users/new").param("username", taken).param("password", taken)
                        .param("passwordAgain", taken).with(csrf()).with(SUPERUSER))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Html.field(page, "username")).contains("already exists");
        assertThat(Html.field(page, "password")).contains("must not be the user name");
    }

    @Test
    void aCreatedUserCanLogInAndAppearsInTheListAndTheAuditLog() throws Exception {
        String name = "created-" + USERS.incrementAndGet();
        mvc.perform(post("/admin/users/new").param("username", name).param("email", name + "@example.net")
                        .param("password", WebFixture.PASSWORD).param("passwordAgain", WebFixture.PASSWORD)
                        .param("staff", "true").param("_staff", "on").param("_superuser", "on")
                        .with(csrf()).with(SUPERUSER))
                .andExpect(redirectedUrl("/admin/users/" + name + "/"));
        User u = fixture.app().users().get(name);
        assertThat(u.active()).isTrue();
        assertThat(u.staff()).isTrue();
        assertThat(u.superuser()).isFalse();
        mvc.perform(formLogin().user(name).password(WebFixture.PASSWORD)).andExpect(authenticated().withUsername(name));
        assertThat(Html.element(page("/admin/", SUPERUSER), "table", "users")).contains(name + "@example.net");
        assertThat(page("/admin/audit/?action=user.create&actor=" + ROOT, SUPERUSER)).contains(name);
    }

    @Test
    void deactivatingStopsTheLoginAndReactivatingRestoresIt() throws Exception {
        String name = newUser(false);
        mvc.perform(post("/admin/users/{u}/flags", name).param("staff", "true").with(csrf()).with(SUPERUSER))
                .andExpect(redirectedUrl("/admin/users/" + name + "/"));
        assertThat(fixture.app().users().get(name).active()).isFalse();
        mvc.perform(formLogin().user(name).password(WebFixture.PASSWORD)).andExpect(unauthenticated());

        mvc.perform(post("/admin/users/{u}/flags", name).param("active", "true").param("staff", "true")
                .param("superuser", "true").with(csrf()).with(SUPERUSER)).andExpect(status().is3xxRedirection());
        User back = fixture.app().users().get(name);
        assertThat(back.active() && back.staff() && back.superuser()).isTrue();
        mvc.perform(formLogin().user(name).password(WebFixture.PASSWORD)).andExpect(authenticated());
        assertThat(fixture.app().audit().recent(ROOT, "user.flags", 1, 0).get(0).detail())
                .isEqualTo("active=true staff=true superuser=true");
    }

    @Test
    void superusersCannotLockThemselvesOut() throws Exception {
        mvc.perform(post("/admin/users/{u}/flags", ROOT).param("staff", "true").param("superuser", "true")
                .with(csrf()).with(SUPERUSER)).andExpect(status().isConflict());
        assertThat(fixture.app().users().get(ROOT).active()).isTrue();
    }

    @Test
    void resettingAPasswordFollowsThePasswordRules() throws Exception {
        String name = newUser(false);
        String page = mvc.perform(post("/admin/users/{u}/password", name).param("password", name + "-X")
                        .param("passwordAgain", name + "-X").with(csrf()).with(SUPERUSER))
                .andExpect(status().is3xxRedirection()).andReturn().getResponse().getContentAsString();
        mvc.perform(formLogin().user(name).password(name + "-X")).andExpect(authenticated());

        page = mvc.perform(post("/admin/users/{u}/password", name).param("password", name.toUpperCase())
                        .param("passwordAgain", name.toUpperCase()).with(csrf()).with(SUPERUSER))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Html.field(page, "password")).contains("has-error", "must not be the user name");
        mvc.perform(formLogin().user(name).password(name + "-X")).andExpect(authenticated());
        assertThat(fixture.app().audit().recent(ROOT, "user.password", 1, 0).get(0).target()).isEqualTo(name);
    }

    @Test
    void auditLogFiltersByActorAndActionAndPages() throws Exception {
        String actor = "audit-page-" + USERS.incrementAndGet();
        for (int i = 0; i < 120; i++) {
            fixture.app().audit().record(actor, i % 2 == 0 ? "test.even" : "test.odd", "target-" + i, null);
        }
        String first = page("/admin/audit/?actor=" + actor, SUPERUSER);
        assertThat(rows(first)).isEqualTo(50);
        assertThat(Html.text(first)).contains("120 events", "page 1 of 3");
        assertThat(first).contains("target-119").doesNotContain("target-69<");
        String last = page("/admin/audit/?actor=" + actor + "&page=3", SUPERUSER);
        assertThat(rows(last)).isEqualTo(20);
        assertThat(last).contains("target-0<");
        // Past the last page: the last page, not an error.
        assertThat(Html.text(page("/admin/audit/?actor=" + actor + "&page=99", SUPERUSER))).contains("page 3 of 3");

        String odd = page("/admin/audit/?actor=" + actor + "&action=test.odd", SUPERUSER);
        assertThat(Html.text(odd)).contains("60 events");
        assertThat(odd).contains("<option value=\"test.odd\" selected=\"selected\">").doesNotContain(">test.even</a>");
    }

    private String newUser(boolean superuser) {
        // Always 12+ characters, so the password rules judge the name, not its length.
        String name = "user-" + USERS.incrementAndGet() + "-" + String.format("%05d", System.nanoTime() % 100000);
        fixture.app().users().create(name, null, WebFixture.PASSWORD, true, superuser, "test");
        return name;
    }

    private String page(String url, RequestPostProcessor who) throws Exception {
        return mvc.perform(get(url).with(who)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
    }

    private static int rows(String page) {
        String table = Html.element(page, "table", "audit");
        return table.split("<tr>", -1).length - 2; // minus the text before the first row and the header row
    }
}
