package org.pobsync.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.pobsync.app.AppContext;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.testsupport.TestClock;
import org.pobsync.testsupport.TestDatabase;
import org.pobsync.validation.ConflictException;
import org.pobsync.validation.InvalidInputException;

/** Rules of users and API tokens that the pages rely on, on both databases. */
class UserRulesTest {

    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path dir;

    private AppContext open(TestDatabase db) {
        return AppContext.open(PobsyncSettings.from(db.env(dir)), Clock.systemUTC(), 2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aUsersDisplayZoneIsStoredAndBlankMeansTheServersAgain(TestDatabase db) {
        try (AppContext app = open(db)) {
            UserService users = app.users();
            users.create("reader", null, PASSWORD, true, false, "test");
            assertThat(users.get("reader").timeZone()).isNull();
            assertThat(users.get("reader").displayZone(java.time.ZoneOffset.UTC)).isEqualTo(java.time.ZoneOffset.UTC);
            users.setTimeZone("reader", " America/Argentina/ComodRivadavia ", "test");
            assertThat(users.get("reader").timeZone()).isEqualTo(java.time.ZoneId.of("America/Argentina/ComodRivadavia"));
            assertThatThrownBy(() -> users.setTimeZone("reader", "Europe/Atlantis", "test"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown time zone");
            users.setTimeZone("reader", "", "test");
            assertThat(users.get("reader").timeZone()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theFirstAdminsPasswordFileIsPrivateAndGoesAtItsFirstLogin(TestDatabase db) throws Exception {
        try (AppContext app = open(db)) {
            Path file = app.users().createInitialAdmin("a generated password");
            assertThat(file).isEqualTo(app.settings().dataDir().resolve(InitialPasswordFile.NAME));
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            app.users().recordLogin("someone-else", "127.0.0.1");
            assertThat(file).exists();
            app.users().recordLogin(InitialPasswordFile.FIRST_ACCOUNT, "127.0.0.1");
            assertThat(file).doesNotExist();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theLastActiveSuperuserCannotBeDemotedOrDeactivated(TestDatabase db) {
        try (AppContext app = open(db)) {
            UserService users = app.users();
            users.create("boss", null, PASSWORD, true, true, "test");
            assertThatThrownBy(() -> users.setFlags("boss", false, true, true, "test"))
                    .isInstanceOf(ConflictException.class).hasMessageContaining("last active superuser");
            assertThatThrownBy(() -> users.setFlags("boss", true, true, false, "test"))
                    .isInstanceOf(ConflictException.class);

            users.create("deputy", null, PASSWORD, true, true, "test");
            users.setFlags("boss", true, true, false, "test");
            assertThat(users.get("boss").superuser()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void tokensAreRandomHashedAndOnlyForActiveUsers(TestDatabase db) {
        try (AppContext app = open(db)) {
            app.users().create("script-owner", null, PASSWORD, true, false, "test");
            ApiTokenService tokens = app.apiTokens();
            ApiTokenService.Created a = tokens.create("script-owner", "a", "test");
            ApiTokenService.Created b = tokens.create("script-owner", "b", "test");
            assertThat(a.secret()).isNotEqualTo(b.secret()).startsWith(a.token().prefix());
            assertThat(tokens.list("script-owner")).extracting(ApiToken::name).containsExactly("b", "a");
            assertThat(tokens.authenticate(a.secret())).get().extracting(User::username).isEqualTo("script-owner");
            assertThat(tokens.list("script-owner").get(1).lastUsedAt()).isNotNull();
            assertThat(tokens.authenticate(a.secret().substring(0, 46) + "x")).isEmpty();
            assertThat(tokens.authenticate("pbs_short")).isEmpty();
            assertThat(tokens.authenticate(null)).isEmpty();

            tokens.revoke("script-owner", b.token().id(), "test");
            assertThat(tokens.authenticate(b.secret())).isEmpty();
            app.users().setFlags("script-owner", false, true, false, "test");
            assertThat(tokens.authenticate(a.secret())).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aTokenWithAnExpiryWorksThroughItsLastDayAndNotAfter(TestDatabase db) {
        TestClock clock = TestClock.at("2026-11-23T10:00:00Z");
        try (AppContext app = AppContext.open(PobsyncSettings.from(db.env(dir)), clock, 2)) {
            app.users().create("expiring", null, PASSWORD, true, false, "test");
            ApiTokenService tokens = app.apiTokens();
            ApiTokenService.Created lasting = tokens.create("expiring", "forever", "test");
            ApiTokenService.Created dated = tokens.create("expiring", "until Friday", ApiTokenService.expiryOf("2026-11-27"),
                    "test");
            assertThat(dated.token().expiresAt()).isEqualTo(Instant.parse("2026-11-28T00:00:00Z"));
            assertThat(lasting.token().expiresAt()).isNull();

            clock.set(Instant.parse("2026-11-27T23:59:59Z"));
            assertThat(tokens.authenticate(dated.secret())).isPresent();
            clock.set(Instant.parse("2026-11-28T00:00:00Z"));
            assertThat(tokens.authenticate(dated.secret())).isEmpty();
            assertThat(tokens.authenticate(lasting.secret())).isPresent();
            assertThat(tokens.list("expiring")).extracting(t -> t.expired(clock.instant())).containsExactlyInAnyOrder(true, false);

            assertThatThrownBy(() -> tokens.create("expiring", "past", ApiTokenService.expiryOf("2026-11-27"), "test"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("after today");
            assertThatThrownBy(() -> tokens.create("expiring", "far", ApiTokenService.expiryOf("2999-01-01"), "test"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("within 10 years");
            assertThatThrownBy(() -> ApiTokenService.expiryOf("next friday"))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("YYYY-MM-DD");
        }
    }
}
