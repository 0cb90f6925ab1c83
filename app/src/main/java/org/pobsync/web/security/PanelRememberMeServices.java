package org.pobsync.web.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.pobsync.users.SessionCredentials;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.authentication.rememberme.TokenBasedRememberMeServices;

/**
 * "Keep me signed in": Spring's signed cookie (user name, expiry and a signature over both, the
 * account's password hash and POBSYNC_SECRET_FILE's secret), so a new password or a new secret
 * makes every earlier cookie worthless. The cookie is HttpOnly, SameSite=Lax, and Secure whenever
 * the request is https (also behind a trusted proxy). A login from the cookie marks its new
 * session with the account's credentials like a password login does.
 */
final class PanelRememberMeServices extends TokenBasedRememberMeServices {

    PanelRememberMeServices(String key, UserDetailsService accounts) {
        super(key, accounts);
        setCookieName(SecurityConfig.REMEMBER_ME_COOKIE);
        setParameter(SecurityConfig.REMEMBER_ME_COOKIE);
        setTokenValiditySeconds((int) SecurityConfig.REMEMBER_ME.toSeconds());
    }

    @Override
    protected UserDetails processAutoLoginCookie(String[] cookieTokens, HttpServletRequest request,
                                                 HttpServletResponse response) {
        UserDetails user = super.processAutoLoginCookie(cookieTokens, request, response);
        SessionCredentials.remember(request, user.getPassword());
        return user;
    }
}
