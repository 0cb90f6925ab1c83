package org.pobsync.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.pobsync.status.HostOverview;

/**
 * Every change the panel makes is a POST (a host saved, a run queued or cancelled, a schedule, a
 * prune, a discovery), so the shared {@link HostOverview} is dropped after each one: the operator
 * sees what they just did on the page the redirect leads to. One rule here instead of a call in
 * every feature's controller, which would make the features depend on the panel's cache.
 */
@Configuration(proxyBeanMethods = false)
class OverviewInvalidation implements WebMvcConfigurer {

    private final HostOverview overview;

    OverviewInvalidation(HostOverview overview) {
        this.overview = overview;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new HandlerInterceptor() {
            // Before the view renders, so a redirect reaches the browser only after the drop.
            @Override
            public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
                                   ModelAndView modelAndView) {
                dropAfterChange(request);
            }

            // Also when the handler threw: it may have changed something before it failed.
            @Override
            public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler,
                                        Exception ex) {
                dropAfterChange(request);
            }
        });
    }

    private void dropAfterChange(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method) && !"OPTIONS".equals(method)) {
            overview.invalidate();
        }
    }
}
