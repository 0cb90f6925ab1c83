package org.pobsync.web.security;

import java.time.Duration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** Refuses a login attempt while the {@link LoginThrottle} holds its user name or address. */
final class ThrottledAuthenticationProvider implements AuthenticationProvider {

    /** Thrown instead of checking the password; the message is shown on the login page. */
    static final class ThrottledException extends LockedException {
        ThrottledException(Duration remaining) {
            super("Too many failed logins. Try again in " + Math.max(1, (remaining.toSeconds() + 59) / 60)
                    + " min.");
        }
    }

    private final AuthenticationProvider delegate;
    private final LoginThrottle throttle;

    ThrottledAuthenticationProvider(AuthenticationProvider delegate, LoginThrottle throttle) {
        this.delegate = delegate;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        Duration locked = throttle.lockRemaining(authentication.getName(), remoteAddress(authentication));
        if (!locked.isZero()) {
            throw new ThrottledException(locked);
        }
        return delegate.authenticate(authentication);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    static String remoteAddress(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails d ? d.getRemoteAddress() : null;
    }
}
