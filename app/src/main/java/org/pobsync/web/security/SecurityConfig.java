package org.pobsync.web.security;

import java.time.Clock;
import java.time.Duration;
import org.pobsync.audit.AuditLog;
import org.pobsync.settings.PobsyncSettings;
import org.pobsync.users.UserService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.RememberMeAuthenticationProvider;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.rememberme.RememberMeAuthenticationFilter;

/**
 * Who may see what: everything needs an active staff user (SPEC section 9) except the login
 * page, the static files and {@code /healthz}. Form login, throttled per user and address
 * ({@link LoginThrottle}), with an optional remember-me cookie ({@link PanelRememberMeServices});
 * a session ends when its account is deactivated or its password changes ({@link
 * StaffSessionFilter}); CSRF tokens on every POST (Spring Security's default, kept); logout is a
 * POST. HSTS on every https response (Spring Security's default; behind a proxy, see {@link
 * ForwardedHeadersConfig}). A strict Content-Security-Policy: the panel has no inline script
 * or style, so an injected one would not run. /admin/ and /notifications/ need a superuser. The
 * JSON API and /metrics have a chain of their own, ordered first ({@link ApiSecurityConfig}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfig {

    /** Reachable without logging in. The route-security test holds the panel to this list. */
    static final String[] PUBLIC_PATHS = {"/login", "/healthz", "/error", "/css/**", "/js/**", "/favicon.svg"};
    static final Duration REMEMBER_ME = Duration.ofDays(14);
    static final String REMEMBER_ME_COOKIE = "remember-me";

    @Bean
    SecurityFilterChain panelSecurity(HttpSecurity http, UserService users, AuditLog audit, PobsyncSettings settings,
                                      Clock clock) throws Exception {
        PanelUserDetailsService accounts = new PanelUserDetailsService(users);
        DaoAuthenticationProvider passwords = new DaoAuthenticationProvider(accounts);
        passwords.setPasswordEncoder(users.encoder());
        LoginThrottle throttle = new LoginThrottle(clock);
        String rememberMeKey = RememberMeSecret.readOrCreate(settings.secretFile());
        // The remember-me provider must be in the same manager as the password check, or every
        // remember-me cookie is refused ("no AuthenticationProvider found").
        ProviderManager authentication = new ProviderManager(new ThrottledAuthenticationProvider(passwords, throttle),
                new RememberMeAuthenticationProvider(rememberMeKey));
        http
                .authorizeHttpRequests(a -> a
                        .requestMatchers(PUBLIC_PATHS).permitAll()
                        .requestMatchers("/admin/**", "/notifications/**", "/settings/**").hasRole(PanelUserDetailsService.SUPERUSER)
                        .anyRequest().hasRole(PanelUserDetailsService.STAFF))
                .authenticationManager(authentication)
                .formLogin(f -> f
                        .loginPage("/login")
                        .usernameParameter(LoginOutcomes.USERNAME_PARAMETER)
                        .successHandler(new LoginOutcomes.Success(users, throttle))
                        .failureHandler(new LoginOutcomes.Failure(audit)))
                .rememberMe(r -> r
                        .key(rememberMeKey)
                        .rememberMeServices(new PanelRememberMeServices(rememberMeKey, accounts)))
                .logout(l -> l
                        .logoutUrl("/logout")
                        .logoutSuccessUrl("/login?logout")
                        .deleteCookies("JSESSIONID", REMEMBER_ME_COOKIE))
                .headers(h -> h
                        .contentSecurityPolicy(c -> c.policyDirectives("default-src 'self'; script-src 'self';"
                                + " style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
                                + " form-action 'self'; frame-ancestors 'none'"))
                        .referrerPolicy(r -> r.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter
                                        .ReferrerPolicy.SAME_ORIGIN)))
                .addFilterAfter(new StaffSessionFilter(users, clock.getZone()), RememberMeAuthenticationFilter.class);
        return http.build();
    }
}
