package org.pobsync.users;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.Principal;
import org.pobsync.validation.NotFoundException;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The superuser role of a session is read at login. This re-reads the account on each /admin/
 * request (one primary-key lookup), so a superuser whose flag was just taken away loses user
 * management at once, not at the end of the session.
 */
@Configuration(proxyBeanMethods = false)
class SuperuserRecheck implements WebMvcConfigurer {

    private final UserService users;

    SuperuserRecheck(UserService users) {
        this.users = users;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            @Override
            public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                    throws Exception {
                if (isSuperuser(request.getUserPrincipal())) {
                    return true;
                }
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
                return false;
            }
        }).addPathPatterns("/admin/**", "/notifications/**");
    }

    private boolean isSuperuser(Principal principal) {
        if (principal == null) {
            return false;
        }
        try {
            User u = users.get(principal.getName());
            return u.canUsePanel() && u.superuser();
        } catch (NotFoundException e) {
            return false;
        }
    }
}
