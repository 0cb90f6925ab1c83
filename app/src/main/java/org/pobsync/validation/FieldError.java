package org.pobsync.validation;

/** One rejected input: the field (as the form and the CLI option call it) and why. */
public record FieldError(String field, String message) {
    @Override
    public String toString() {
        return field + ": " + message;
    }
}
