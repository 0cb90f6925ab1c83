package org.pobsync.testsupport;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Who a MockMvc request comes from: the fixture's accounts, as an authenticated session would carry them. */
public final class PanelRequests {

    private PanelRequests() {
    }

    /** An active staff user (exists in the database, so the staff-session check passes). */
    public static RequestPostProcessor staff() {
        return user(WebFixture.STAFF).roles("STAFF");
    }

    /** An active superuser (staff too). */
    public static RequestPostProcessor superuser() {
        return user(WebFixture.SUPERUSER).roles("STAFF", "SUPERUSER");
    }

    /** An authenticated user without the staff role: the panel answers 403. */
    public static RequestPostProcessor nonStaff() {
        return user(WebFixture.VIEWER).roles("USER");
    }
}
