package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.users.User;

class InitialAdminTest {

    @Test
    void firstStartCreatesAnAdminAndPrintsItsPasswordOnce() throws Exception {
        try (WebFixture fixture = WebFixture.create()) {
            // The fixture has users already; a database without any is what a first start sees.
            fixture.app().database().jdbc().sql("DELETE FROM app_user").update();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            InitialAdmin.Created created = InitialAdmin.createIfNoUsers(fixture.app().users());
            String password = created.password();
            assertThat(password).hasSize(20);
            InitialAdmin.printNotice(created, "http://127.0.0.1:8010/", print);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("user name:   admin", "password:    " + password,
                    "sign in at:  http://127.0.0.1:8010/");
            User admin = fixture.app().users().get("admin");
            assertThat(admin.superuser()).isTrue();
            assertThat(admin.canUsePanel()).isTrue();
            assertThat(admin.passwordHash()).doesNotContain(password);
            assertThat(fixture.app().users().encoder().matches(password, admin.passwordHash())).isTrue();
            assertThat(created.file()).hasContent(password);

            assertThat(InitialAdmin.createIfNoUsers(fixture.app().users())).isNull();
        }
    }

    @Test
    void thePasswordFileGoesWhenAdminGetsAnotherPassword() {
        try (WebFixture fixture = WebFixture.create()) {
            fixture.app().database().jdbc().sql("DELETE FROM app_user").update();
            InitialAdmin.Created created = InitialAdmin.createIfNoUsers(fixture.app().users());
            fixture.app().users().create("someone", null, WebFixture.PASSWORD, true, false, "test");
            fixture.app().users().changePassword("someone", "another long password", "test");
            assertThat(created.file()).as("another user's change keeps it").exists();
            fixture.app().users().changePassword("admin", "a password of my own", "admin");
            assertThat(Files.exists(created.file())).isFalse();
        }
    }
}
