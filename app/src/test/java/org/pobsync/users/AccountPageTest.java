package org.pobsync.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.pobsync.testsupport.Html;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.testsupport.WebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** /account/: every staff user's own password and API tokens. */
@WebTest
class AccountPageTest {

    private static final AtomicInteger USERS = new AtomicInteger();

    @Autowired
    MockMvc mvc;
    @Autowired
    WebFixture fixture;

    @Test
    void needsAStaffLogin() throws Exception {
        mvc.perform(get("/account/")).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/account/").with(user(WebFixture.VIEWER).roles())).andExpect(status().isForbidden());
        mvc.perform(post("/account/tokens").param("name", "x").with(csrf()).with(user(WebFixture.VIEWER).roles()))
                .andExpect(status().isForbidden());
    }

    @Test
    void aPasswordBeyondBcryptsLimitIsAFieldErrorEverywhereNotAnErrorPage() throws Exception {
        String name = newStaff();
        RequestPostProcessor me = user(name).roles("STAFF");
        String tooLong = "a very long passphrase that goes on and on ".repeat(3);
        String page = mvc.perform(post("/account/password").param("currentPassword", WebFixture.PASSWORD)
                        .param("password", tooLong).param("passwordAgain", tooLong).with(csrf()).with(me))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Html.field(page, "password")).contains("has-error", "at most 72 bytes");

        page = mvc.perform(post("/account/password").param("currentPassword", tooLong)
                        .param("password", "a new password").param("passwordAgain", "a new password").with(csrf()).with(me))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Html.field(page, "currentPassword")).contains("has-error", "not your current password");

        RequestPostProcessor root = user("root-" + name).roles("STAFF", "SUPERUSER");
        fixture.app().users().create("root-" + name, null, WebFixture.PASSWORD, true, true, "test");
        page = mvc.perform(post("/admin/users/new").param("username", name + "-new").param("password", tooLong)
                        .param("passwordAgain", tooLong).param("staff", "true").with(csrf()).with(root))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Html.field(page, "password")).contains("has-error", "at most 72 bytes");
        page = mvc.perform(post("/admin/users/{u}/password", name).param("password", tooLong)
                        .param("passwordAgain", tooLong).with(csrf()).with(root))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Html.field(page, "password")).contains("has-error", "at most 72 bytes");

        mvc.perform(formLogin().user(name).password(tooLong)).andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void aTokenMayHaveAnExpiryDateShownInTheList() throws Exception {
        String name = newStaff();
        RequestPostProcessor me = user(name).roles("STAFF");
        String next = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(30).toString();
        String page = mvc.perform(post("/account/tokens").param("name", "monthly report").param("expires", next)
                        .with(csrf()).with(me))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("New API token");
        String list = Html.element(page, "section", "api-tokens");
        assertThat(list).contains("monthly report", "at " + java.time.LocalDate.parse(next).plusDays(1) + " 00:00");

        page = mvc.perform(post("/account/tokens").param("name", "bad").param("expires", "2020-01-01").with(csrf()).with(me))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain("New API token").contains("an expiry must be after today");
        page = mvc.perform(post("/account/tokens").param("name", "bad").param("expires", "soon").with(csrf()).with(me))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).doesNotContain("New API token").contains("YYYY-MM-DD");
        page = mvc.perform(post("/account/tokens").param("name", "plain").with(csrf()).with(me))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Html.element(page, "section", "api-tokens")).contains("never");
    }

    @Test
    void changingTheOwnPasswordNeedsTheCurrentOne() throws Exception {
        String name = newStaff();
        RequestPostProcessor me = user(name).roles("STAFF");
        String page = mvc.perform(post("/account/password").param("currentPassword", "wrong password")
                        .param("password", "a new password").param("passwordAgain", "a new password")
                        .with(csrf()).with(me))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Html.field(page, "currentPassword")).contains("has-error", "not your current password");
        assertThat(page).doesNotContain("type=\"checkbox\"").doesNotContain("wrong password");

        page = mvc.perform(post("/account/password").param("currentPassword", WebFixture.PASSWORD)
                        .param("password", "short").param("passwordAgain", "short").with(csrf()).with(me))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Html.field(page, "password")).contains("has-error", "at least 12 characters");

        mvc.perform(post("/account/password").param("currentPassword", WebFixture.PASSWORD)
                .param("password", "a new password").param("passwordAgain", "a new password").with(csrf()).with(me))
                .andExpect(redirectedUrl("/account/"));
        mvc.perform(formLogin().user(name).password("a new password")).andExpect(authenticated());
    }

    @Test
    void aTokenIsShownOnceWorksForTheApiAndStopsWhenRevoked() throws Exception {
        String name = newStaff();
        RequestPostProcessor me = user(name).roles("STAFF");
        String refused = mvc.perform(post("/account/tokens").param("name", "  ").with(csrf()).with(me))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Html.field(refused, "token-name")).contains("has-error", "give the token a name");

        String created = mvc.perform(post("/account/tokens").param("name", "nagios on mon1").with(csrf()).with(me))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String secret = Html.text(Html.element(created, "pre", "new-token-value")).strip();
        assertThat(secret).matches("pbs_[A-Za-z0-9_-]{43}");

        String later = mvc.perform(get("/account/").with(me)).andReturn().getResponse().getContentAsString();
        assertThat(later).contains("nagios on mon1", secret.substring(0, 12) + "…").doesNotContain(secret);
        assertThat(fixture.app().database().jdbc().sql("SELECT COUNT(*) FROM api_token WHERE token_hash = ?")
                .param(secret).query(Long.class).single()).as("the token itself is never stored").isZero();

        mvc.perform(get("/api/status/").header("Authorization", "Bearer " + secret)).andExpect(status().isOk());
        long id = fixture.app().apiTokens().list(name).get(0).id();
        assertThat(fixture.app().apiTokens().list(name).get(0).lastUsedAt()).isNotNull();

        // Someone else's token id is not found, and is not revoked.
        mvc.perform(post("/account/tokens/{id}/revoke", id).with(csrf()).with(user(WebFixture.STAFF).roles("STAFF")))
                .andExpect(status().isNotFound());
        mvc.perform(post("/account/tokens/{id}/revoke", id).with(csrf()).with(me))
                .andExpect(redirectedUrl("/account/"));
        mvc.perform(get("/api/status/").header("Authorization", "Bearer " + secret))
                .andExpect(status().isUnauthorized());
        assertThat(fixture.app().audit().recent(name, "api.token.revoke", 1, 0)).hasSize(1);
    }

    private String newStaff() {
        String name = "account-" + USERS.incrementAndGet() + "-" + System.nanoTime() % 100000;
        fixture.app().users().create(name, null, WebFixture.PASSWORD, true, false, "test");
        return name;
    }
}
