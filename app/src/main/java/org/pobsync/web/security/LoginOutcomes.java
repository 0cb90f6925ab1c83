package org.pobsync.web.security;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.pobsync.audit.AuditLog;
import org.pobsync.users.SessionCredentials;
import org.pobsync.users.UserService;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * What happens after a password check. A success clears the throttle's count, is recorded on the
 * account and audited, marks the session with the account's credentials ({@link SessionCredentials})
 * and goes back to the page that asked for the login (its path only). A failure is audited: {@code login.failed}
 * with the user name, reason and address, or {@code login.refused} (by address only) when the
 * throttle did not even let the password be checked; repeats collapse into counted rows, so a
 * flood of attempts cannot fill the audit log.
 */
final class LoginOutcomes {

    static final String USERNAME_PARAMETER = "username";

    private LoginOutcomes() {
    }

    static final class Success extends SimpleUrlAuthenticationSuccessHandler {
        private final UserService users;
        private final LoginThrottle throttle;
        private final RequestCache requestCache = new HttpSessionRequestCache();

        Success(UserService users, LoginThrottle throttle) {
            this.users = users;
            this.throttle = throttle;
        }

        @Override
        public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
                                            Authentication authentication) throws ServletException, IOException {
            throttle.succeeded(authentication.getName(), request.getRemoteAddr());
            users.recordLogin(authentication.getName(), request.getRemoteAddr());
            SessionCredentials.remember(request, users.get(authentication.getName()).passwordHash());
            SavedRequest saved = requestCache.getRequest(request, response);
            requestCache.removeRequest(request, response);
            clearAuthenticationAttributes(request);
            getRedirectStrategy().sendRedirect(request, response, saved == null ? "/" : pathOf(saved.getRedirectUrl()));
        }

        /**
         * Only the path and query of the page that asked for the login: the saved URL was built
         * from the request's Host header, which a client chooses, so it is never sent back whole.
         */
        static String pathOf(String url) {
            try {
                URI uri = URI.create(url);
                String path = uri.getRawPath();
                if (path == null || !path.startsWith("/") || path.startsWith("//")) {
                    return "/";
                }
                return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
            } catch (IllegalArgumentException e) {
                return "/";
            }
        }
    }

    static final class Failure extends SimpleUrlAuthenticationFailureHandler {
        private final AuditLog audit;

        Failure(AuditLog audit) {
            super("/login?error");
            this.audit = audit;
        }

        @Override
        public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
                                            AuthenticationException exception) throws IOException, ServletException {
            String address = request.getRemoteAddr();
            if (exception instanceof ThrottledAuthenticationProvider.ThrottledException) {
                // Refused attempts cost nothing to send; keyed by network alone they stay one row an hour.
                audit.recordRepeated("(anonymous)", "login.refused", null, "too many failed logins",
                        LoginThrottle.network(address));
            } else {
                String username = request.getParameter(USERNAME_PARAMETER);
                String reason = exception instanceof DisabledException ? "account inactive or not staff" : "bad credentials";
                audit.recordRepeated(username == null || username.isBlank() ? "(none)" : username, "login.failed",
                        username, reason, address);
            }
            super.onAuthenticationFailure(request, response, exception);
        }
    }
}
