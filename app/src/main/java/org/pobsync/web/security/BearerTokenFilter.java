package org.pobsync.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.pobsync.api.ApiResponses;
import org.pobsync.users.ApiTokenService;
import org.pobsync.users.User;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <token>} for the API and /metrics. A valid token authenticates
 * this one request as its user (its chain keeps the security context in the request only, never
 * in a session); an unknown, revoked, expired or malformed token, or one whose user is inactive,
 * ends the request with a JSON 401 at once, whatever session cookie comes with it. A token of a
 * user who is not staff authenticates without the STAFF role, so the request is a 403, like that
 * user's session would be.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String SCHEME = "Bearer ";

    private final ApiTokenService tokens;

    BearerTokenFilter(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    static boolean hasBearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!hasBearer(request)) {
            chain.doFilter(request, response);
            return;
        }
        Optional<User> user = tokens.authenticate(request.getHeader("Authorization").substring(SCHEME.length()).strip());
        if (user.isEmpty()) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"pobsync\", error=\"invalid_token\"");
            ApiResponses.write(response, HttpStatus.UNAUTHORIZED, "invalid, expired or revoked API token");
            return;
        }
        List<SimpleGrantedAuthority> roles = new ArrayList<>();
        if (user.get().staff()) {
            roles.add(new SimpleGrantedAuthority("ROLE_" + PanelUserDetailsService.STAFF));
        }
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user.get().username(), null, roles));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
