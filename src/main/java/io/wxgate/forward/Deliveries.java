package io.wxgate.forward;

import java.time.InstantSource;
import java.util.Map;

/** Operations on the delivery table: list, look up, and retry dead-lettered deliveries. */
public final class Deliveries {
  private final DeliveryStore store;
  private final InstantSource clock;

  Deliveries(DeliveryStore store, InstantSource clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Newest first, filtered; see {@link DeliveryQuery}. */
  public DeliveryPage list(DeliveryQuery query) {
    return store.list(query);
  }

  /**
   * @throws DeliveryNotFound when no delivery has this id
   */
  public Delivery get(String id) {
    return store.get(id).orElseThrow(() -> new DeliveryNotFound(id));
  }

  /**
   * Moves a DEAD delivery back to PENDING with fresh attempts, due now, and returns it.
   *
   * @throws DeliveryNotFound when no delivery has this id
   * @throws DeliveryNotRetryable when it is not DEAD
   */
  public Delivery retry(String id) {
    if (!store.retryDead(id, clock.instant())) {
      Delivery d = get(id);
      throw new DeliveryNotRetryable(id, d.status());
    }
    return get(id);
  }

  /** How many deliveries are in each status. */
  public Map<DeliveryStatus, Long> countByStatus() {
    return store.countByStatus();
  }
}
