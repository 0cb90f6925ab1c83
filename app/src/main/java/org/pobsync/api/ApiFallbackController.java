package org.pobsync.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Whatever no API endpoint matches: an unknown path is a JSON 404, another method than GET on
 * this read-only API a JSON 405. Without it the container's error page (HTML) would answer.
 * Every real endpoint is more specific than this pattern, so it only catches the rest.
 */
@RestController
class ApiFallbackController {

    @RequestMapping({"/api", "/api/**"})
    ResponseEntity<byte[]> unmatched(HttpServletRequest request) {
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            ResponseEntity<byte[]> body = ApiResponses.error(HttpStatus.METHOD_NOT_ALLOWED,
                    "the API is read-only: use GET");
            return ResponseEntity.status(body.getStatusCode()).headers(body.getHeaders())
                    .header(HttpHeaders.ALLOW, "GET, HEAD").body(body.getBody());
        }
        if (request.getRequestURI().equals(request.getContextPath() + "/api")) {
            return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY)
                    .header(HttpHeaders.LOCATION, request.getContextPath() + "/api/").build();
        }
        return ApiResponses.error(HttpStatus.NOT_FOUND, "no such API endpoint: " + request.getRequestURI()
                + " (the index at /api/ lists them)");
    }
}
