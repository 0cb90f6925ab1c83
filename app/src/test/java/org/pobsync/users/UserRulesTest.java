package org.pobsync.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pobsync.testsupport.WebFixture;
import org.pobsync.validation.ConflictException;

/** Rules of the user service that the admin pages rely on, on a database of their own. */
class UserRulesTest {

    @Test
    void theLastActiveSuperuserCannotBeDemotedOrDeactivated() {
        try (WebFixture f = WebFixture.create()) {
            UserService users = f.app().users();
            users.create("boss", null, WebFixture.PASSWORD, true, true, "test");
            assertThatThrownBy(() -> users.setFlags("boss", false, true, true, "test"))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("last active superuser");
            assertThatThrownBy(() -> users.setFlags("boss", true, true, false, "test"))
                    .isInstanceOf(ConflictException.class);

            users.create("deputy", null, WebFixture.PASSWORD, true, true, "test");
            users.setFlags("boss", true, true, false, "test");
            assertThat(users.get("boss").superuser()).isFalse();
        }
    }

    @Test
    void tokensAreRandomHashedAndOnlyForActiveUsers() {
        try (WebFixture f = WebFixture.create()) {
            ApiTokenService tokens = f.app().apiTokens();
            ApiTokenService.Created a = tokens.create(WebFixture.STAFF, "a", "test");
            ApiTokenService.Created b = tokens.create(WebFixture.STAFF, "b", "test");
            assertThat(a.secret()).isNotEqualTo(b.secret()).startsWith(a.token().prefix());
            assertThat(tokens.authenticate(a.secret())).get().extracting(User::username).isEqualTo(WebFixture.STAFF);
            assertThat(tokens.authenticate(a.secret().substring(0, 46) + "x")).isEmpty();
            assertThat(tokens.authenticate("pbs_short")).isEmpty();
            assertThat(tokens.authenticate(null)).isEmpty();

            f.app().users().setFlags(WebFixture.STAFF, false, true, false, "test");
            assertThat(tokens.authenticate(a.secret())).isEmpty();
        }
    }
}
