package org.pobsync.web.security;

import org.pobsync.settings.PobsyncSettings;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The panel behind a TLS reverse proxy (SPEC section 16). Forwarded headers are honoured only from
 * POBSYNC_TRUSTED_PROXIES ({@link ForwardedHeadersValve}); without it they are ignored, so no
 * client can claim another address or https. Spring Boot's own forwarded-header handling stays
 * off (server.forward-headers-strategy=none): its Tomcat valve would trust every private address
 * by default. Redirects carry only a path (server.tomcat.use-relative-redirects), so they follow
 * whatever scheme and host the browser used and never echo a Host header.
 */
@Configuration(proxyBeanMethods = false)
class ForwardedHeadersConfig {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> trustedProxies(PobsyncSettings settings) {
        return factory -> {
            if (!settings.trustedProxies().isEmpty()) {
                factory.addEngineValves(new ForwardedHeadersValve(settings.trustedProxies()));
            }
        };
    }

    /** Lax like the session cookie: sent on top-level navigation to the panel, never on a cross-site POST. */
    @Bean
    CookieSameSiteSupplier rememberMeSameSite() {
        return CookieSameSiteSupplier.ofLax().whenHasName(SecurityConfig.REMEMBER_ME_COOKIE);
    }
}
