package org.pobsync.web.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.pobsync.audit.AuditLog;
import org.pobsync.users.UserService;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/**
 * What happens after a password check: a success is recorded on the account and audited; a
 * failure is audited ({@code login.failed}, with the remote address), counted by the throttle
 * and answered only after a delay that grows with the failures.
 */
final class LoginOutcomes {

    static final String USERNAME_PARAMETER = "username";

    private LoginOutcomes() {
    }

    static final class Success extends SavedRequestAwareAuthenticationSuccessHandler {
        private final UserService users;
        private final LoginThrottle throttle;

        Success(UserService users, LoginThrottle throttle) {
            this.users = users;
            this.throttle = throttle;
            setDefaultTargetUrl("/");
        }

        @Override
        public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                            Authentication authentication) throws ServletException, IOException {
            throttle.succeeded(authentication.getName());
            users.recordLogin(authentication.getName(), request.getRemoteAddr());
            super.onAuthenticationSuccess(request, response, authentication);
        }
    }

    static final class Failure extends SimpleUrlAuthenticationFailureHandler {
        private final AuditLog audit;
        private final LoginThrottle throttle;

        Failure(AuditLog audit, LoginThrottle throttle) {
            super("/login?error");
            this.audit = audit;
            this.throttle = throttle;
        }

        @Override
        public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                            AuthenticationException exception) throws IOException, ServletException {
            String username = request.getParameter(USERNAME_PARAMETER);
            String address = request.getRemoteAddr();
            String reason;
            if (exception instanceof ThrottledAuthenticationProvider.ThrottledException) {
                reason = "refused: too many failed logins";
            } else {
                reason = exception instanceof DisabledException ? "account inactive or not staff" : "bad credentials";
                pause(throttle.failed(username, address));
            }
            audit.record(username == null || username.isBlank() ? "(none)" : username, "login.failed",
                    username, reason, address);
            super.onAuthenticationFailure(request, response, exception);
        }

        private static void pause(Duration delay) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
