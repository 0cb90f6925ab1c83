package org.pobsync.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.pobsync.users.UserService;
import org.pobsync.validation.NotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a staff session as soon as its account is deactivated or loses the staff flag, instead
 * of at the session's timeout: each request of a staff session re-reads the account (one
 * primary-key lookup). The request then continues anonymously, so it lands on the login page.
 */
final class StaffSessionFilter extends OncePerRequestFilter {

    private static final String STAFF_AUTHORITY = "ROLE_" + PanelUserDetailsService.STAFF;

    private final UserService users;

    StaffSessionFilter(UserService users) {
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getAuthorities().stream().anyMatch(a -> STAFF_AUTHORITY.equals(a.getAuthority()))
                && !stillStaff(auth.getName())) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
        }
        chain.doFilter(request, response);
    }

    private boolean stillStaff(String username) {
        try {
            return users.get(username).canUsePanel();
        } catch (NotFoundException e) {
            return false;
        }
    }
}
