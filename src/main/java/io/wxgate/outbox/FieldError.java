package io.wxgate.outbox;

/** One invalid field of a request, e.g. {@code ("data.thing1.value", "at most 20 characters")}. */
public record FieldError(String field, String message) {}
