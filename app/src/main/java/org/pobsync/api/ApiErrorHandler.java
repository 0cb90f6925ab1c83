package org.pobsync.api;

import org.pobsync.validation.ConflictException;
import org.pobsync.validation.InvalidInputException;
import org.pobsync.validation.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The one mapping from exceptions to API errors: JSON with a 4xx status for what the caller can
 * fix, a bare 500 for anything else (logged here, never a stack trace in the response). It is
 * ordered before the panel's advice so an API controller never answers with an HTML page.
 */
@RestControllerAdvice(basePackages = "org.pobsync.api")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<byte[]> notFound(NotFoundException e) {
        return ApiResponses.error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** A path variable of the wrong type (/api/runs/abc/) names nothing. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<byte[]> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ApiResponses.error(HttpStatus.NOT_FOUND, "'" + e.getValue() + "' is not a valid " + e.getName());
    }

    @ExceptionHandler({IllegalArgumentException.class, InvalidInputException.class,
            MissingServletRequestParameterException.class})
    ResponseEntity<byte[]> badRequest(Exception e) {
        return ApiResponses.error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<byte[]> conflict(ConflictException e) {
        return ApiResponses.error(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> unexpected(Exception e) {
        log.error("API request failed", e);
        return ApiResponses.error(HttpStatus.INTERNAL_SERVER_ERROR, "internal error; the server log has the details");
    }
}
