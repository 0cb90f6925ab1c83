package org.pobsync.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.users.User;

class InitialAdminTest {

    @Test
    void firstStartCreatesAnAdminAndPrintsItsPasswordOnce() {
        try (WebFixture fixture = WebFixture.create()) {
            // The fixture has users already; a database without any is what a first start sees.
            fixture.app().database().jdbc().sql("DELETE FROM app_user").update();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
            String password = InitialAdmin.createIfNoUsers(fixture.app().users(), print);
            assertThat(password).hasSize(20);
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("user name: admin", "password:  " + password);
            User admin = fixture.app().users().get("admin");
            assertThat(admin.superuser()).isTrue();
            assertThat(admin.canUsePanel()).isTrue();
            assertThat(admin.passwordHash()).doesNotContain(password);
            assertThat(fixture.app().users().encoder().matches(password, admin.passwordHash())).isTrue();

            out.reset();
            assertThat(InitialAdmin.createIfNoUsers(fixture.app().users(), print)).isNull();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        }
    }
}
