package org.pobsync.validation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Bad operator input, found before anything was written. The web layer shows each error next to
 * its field; the CLI prints them on one line and exits with the usage code; the API returns 400.
 */
public class InvalidInputException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidInputException(List<FieldError> errors) {
        super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
