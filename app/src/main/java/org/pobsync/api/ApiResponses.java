package org.pobsync.api;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.pobsync.format.Json;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Every API body goes through the one JSON configuration the CLI uses ({@link Json}: snake_case,
 * ISO-8601 UTC), so {@code pobsync runs --json} and {@code /api/runs/} cannot drift apart, and
 * the panel's own Jackson settings never leak into the contract.
 */
public final class ApiResponses {

    /** The body of every API error: {@code {"error": "...", "status": 404}}. */
    public record ApiError(String error, int status) {
    }

    private ApiResponses() {
    }

    public static ResponseEntity<byte[]> ok(Object body) {
        return json(HttpStatus.OK, body);
    }

    public static ResponseEntity<byte[]> error(HttpStatus status, String message) {
        return json(status, new ApiError(message, status.value()));
    }

    /** For filters, which answer before any controller runs. */
    public static void write(HttpServletResponse response, HttpStatus status, String message) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(Json.MAPPER.writeValueAsBytes(new ApiError(message, status.value())));
    }

    private static ResponseEntity<byte[]> json(HttpStatus status, Object body) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .header("Cache-Control", "no-store")
                .body(Json.MAPPER.writeValueAsBytes(body));
    }
}
