package io.wxgate.outbox;

import java.util.List;

/**
 * The result for one item of a batch, by its position in the request: either accepted ({@code id}
 * and {@code status} set, {@code errors} empty) or rejected ({@code id} null, {@code errors} say
 * why; an idempotency conflict is reported as field {@code idempotencyKey}).
 */
public record BatchItem(
    int index, String id, State status, boolean created, List<FieldError> errors) {
  public BatchItem {
    errors = List.copyOf(errors);
  }

  public boolean accepted() {
    return id != null;
  }
}
