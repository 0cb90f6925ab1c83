package org.pobsync.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.ZoneId;
import org.pobsync.users.DisplayZone;
import org.pobsync.users.SessionCredentials;
import org.pobsync.users.User;
import org.pobsync.users.UserService;
import org.pobsync.validation.NotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a staff session as soon as its account is deactivated, loses the staff flag or gets a new
 * password ({@link SessionCredentials}), instead of at the session's timeout: each request of a
 * staff session re-reads the account (one primary-key lookup). The request then continues
 * anonymously, so it lands on the login page.
 */
final class StaffSessionFilter extends OncePerRequestFilter {

    private static final String STAFF_AUTHORITY = "ROLE_" + PanelUserDetailsService.STAFF;

    private final UserService users;
    private final ZoneId serverZone;

    StaffSessionFilter(UserService users, ZoneId serverZone) {
        this.users = users;
        this.serverZone = serverZone;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getAuthorities().stream().anyMatch(a -> STAFF_AUTHORITY.equals(a.getAuthority()))
                && !stillValid(request, auth)) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
        }
        chain.doFilter(request, response);
    }

    /**
     * Whether the account may still use the panel and, for a login's session (a password or
     * remember-me login always carries the request's details), still has the password the
     * session was opened with. Authentications a test sets up directly carry no such details.
     */
    private boolean stillValid(HttpServletRequest request, Authentication auth) {
        try {
            User user = users.get(auth.getName());
            boolean fromLogin = auth.getDetails() instanceof WebAuthenticationDetails;
            boolean valid = user.canUsePanel() && (!fromLogin || SessionCredentials.current(request, user.passwordHash()));
            if (valid) {
                DisplayZone.remember(request, user, serverZone);
            }
            return valid;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
