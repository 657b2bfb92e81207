package io.wxgate.outbox;

import io.wxgate.WxgateException;
import java.util.List;
import java.util.stream.Collectors;

/** A request was rejected; {@link #errors()} lists every bad field, not just the first. */
public final class InvalidMessage extends WxgateException {
  private final List<FieldError> errors;

  public InvalidMessage(List<FieldError> errors) {
    super(
        "invalid message: "
            + errors.stream()
                .map(e -> e.field() + " " + e.message())
                .collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public List<FieldError> errors() {
    return errors;
  }
}
