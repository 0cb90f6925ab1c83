package org.pobsync.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.pobsync.api.ApiResponses;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An API token may only read: any method but GET and HEAD is answered 405 before the token is
 * looked at, whatever endpoints exist now or are added later.
 */
final class ReadOnlyMethodFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Allow", "GET, HEAD");
        ApiResponses.write(response, HttpStatus.METHOD_NOT_ALLOWED,
                "method not allowed: the API is read-only (GET or HEAD)");
    }
}
