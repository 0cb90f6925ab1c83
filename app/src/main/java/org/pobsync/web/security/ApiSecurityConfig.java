package org.pobsync.web.security;

import org.pobsync.api.ApiResponses;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.users.ApiTokenService;
import org.pobsync.users.UserService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfException;

/**
 * Security of the JSON API and /metrics, for scripts as well as browsers: a staff session or an
 * {@code Authorization: Bearer} API token ({@link BearerTokenFilter}). Failures are JSON 401/403,
 * never a redirect to the login page. Ordered before {@code panelSecurity}, which keeps every
 * other path. CSRF stays on for session requests (the API is read-only today, so it only matters
 * for what is added later); a bearer request carries no cookie a third site could ride on, so
 * it needs no CSRF token. POBSYNC_METRICS_PUBLIC=true opens /metrics to anyone who can reach it.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurityConfig {

    static final String[] PATHS = {"/api", "/api/**", "/metrics"};

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiTokenService tokens, UserService users,
                                    PobsyncSettings settings) throws Exception {
        http
                .securityMatcher(PATHS)
                .authorizeHttpRequests(a -> {
                    if (settings.metricsPublic()) {
                        a.requestMatchers("/metrics").permitAll();
                    }
                    a.anyRequest().hasRole(PanelUserDetailsService.STAFF);
                })
                .addFilterAt(new BearerTokenFilter(tokens), BasicAuthenticationFilter.class)
                .addFilterAfter(new StaffSessionFilter(users), BearerTokenFilter.class)
                // Use the panel's session when there is one; never start one for a script.
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .requestCache(c -> c.disable())
                .csrf(c -> c.ignoringRequestMatchers(BearerTokenFilter::hasBearer))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> {
                            response.setHeader("WWW-Authenticate", "Bearer realm=\"pobsync\"");
                            ApiResponses.write(response, HttpStatus.UNAUTHORIZED, "authentication required: log in"
                                    + " to the panel, or send Authorization: Bearer <API token>");
                        })
                        .accessDeniedHandler((request, response, ex) -> ApiResponses.write(response,
                                HttpStatus.FORBIDDEN, ex instanceof CsrfException
                                        ? "forbidden: a session request that changes something needs a CSRF token"
                                        : "forbidden: only active staff users may use the API")));
        return http.build();
    }
}
