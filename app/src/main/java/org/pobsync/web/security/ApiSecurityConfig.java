package org.pobsync.web.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import org.pobsync.api.ApiResponses;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.users.ApiTokenService;
import org.pobsync.users.UserService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Security of the JSON API and /metrics, for scripts as well as browsers, in two chains ordered
 * before {@code panelSecurity}, which keeps every other path. Failures are JSON 401/403, never a
 * redirect to the login page. POBSYNC_METRICS_PUBLIC=true opens /metrics to anyone who can reach it.
 *
 * <p>{@code apiTokenSecurity} takes every request that carries {@code Authorization: Bearer}:
 * stateless (the HTTP session is neither read nor written, so a token can never authenticate a
 * session cookie that then opens the panel, and a revoked token ends everything it allowed),
 * and read-only (anything but GET/HEAD is a 405 before the token is even looked at).
 * {@code apiSecurity} serves the panel's own session: CSRF stays on for it, and it never starts
 * a session for a caller that has none.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfig {

    static final String[] PATHS = {"/api", "/api/**", "/metrics"};
    private static final RequestMatcher API = new OrRequestMatcher(
            Arrays.stream(PATHS).map(p -> (RequestMatcher) PathPatternRequestMatcher.pathPattern(p)).toList());

    @Bean
    @Order(1)
    SecurityFilterChain apiTokenSecurity(HttpSecurity http, ApiTokenService tokens, PobsyncSettings settings)
            throws Exception {
        http
                .securityMatcher(request -> API.matches(request) && BearerTokenFilter.hasBearer(request))
                .authorizeHttpRequests(a -> staffOnly(a, settings))
                .addFilterAfter(new ReadOnlyMethodFilter(), SecurityContextHolderFilter.class)
                .addFilterAfter(new BearerTokenFilter(tokens), ReadOnlyMethodFilter.class)
                // Without session management there is no filter that would rotate, fill or even look
                // at a session cookie that comes with the token (any creation policy brings one back).
                .sessionManagement(s -> s.disable())
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .requestCache(c -> c.disable())
                // No cookie authenticates in this chain, so there is nothing a third site could ride on.
                .csrf(c -> c.disable())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> unauthorized(response))
                        .accessDeniedHandler((request, response, ex) -> ApiResponses.write(response,
                                HttpStatus.FORBIDDEN, "forbidden: only active staff users may use the API")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiSecurity(HttpSecurity http, UserService users, PobsyncSettings settings, Clock clock)
            throws Exception {
        http
                .securityMatcher(API)
                .authorizeHttpRequests(a -> staffOnly(a, settings))
                .addFilterAfter(new StaffSessionFilter(users, clock.getZone()), SecurityContextHolderFilter.class)
                // Use the panel's session when there is one; never start one for a script.
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .requestCache(c -> c.disable())
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> unauthorized(response))
                        .accessDeniedHandler((request, response, ex) -> ApiResponses.write(response,
                                HttpStatus.FORBIDDEN, ex instanceof CsrfException
                                        ? "forbidden: a session request that changes something needs a CSRF token"
                                        : "forbidden: only active staff users may use the API")));
        return http.build();
    }

    private static void staffOnly(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry a,
            PobsyncSettings settings) {
        if (settings.metricsPublic()) {
            a.requestMatchers("/metrics").permitAll();
        }
        a.anyRequest().hasRole(PanelUserDetailsService.STAFF);
    }

    private static void unauthorized(HttpServletResponse response) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer realm=\"pobsync\"");
        ApiResponses.write(response, HttpStatus.UNAUTHORIZED, "authentication required: log in"
                + " to the panel, or send Authorization: Bearer <API token>");
    }
}
