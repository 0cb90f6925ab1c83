package org.pobsync.web.security;

import java.time.Duration;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** Asks the {@link LoginThrottle} before every password check, and refuses while it says wait. */
final class ThrottledAuthenticationProvider implements AuthenticationProvider {

    /** Thrown instead of checking the password; the message is shown on the login page. */
    static final class ThrottledException extends LockedException {
        ThrottledException(Duration retryAfter) {
            super("Too many failed logins. Try again in " + wait(retryAfter) + ".");
        }

        private static String wait(Duration d) {
            long seconds = Math.max(1, (d.toMillis() + 999) / 1000);
            return seconds < 60 ? seconds + " s" : (seconds + 59) / 60 + " min";
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
        LoginThrottle.Decision decision = throttle.attempt(authentication.getName(), remoteAddress(authentication));
        if (!decision.allowed()) {
            throw new ThrottledException(decision.retryAfter());
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
