package io.wxgate.sandbox;

import java.time.InstantSource;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;

/** Daily call counts per AppID and API; days end at midnight China time, as WeChat's do. */
final class Quotas {
  private record Key(String appId, String api) {}

  private record Count(LocalDate day, long used) {}

  private final InstantSource clock;
  private final Map<Key, Count> counts = new HashMap<>();

  Quotas(InstantSource clock) {
    this.clock = clock;
  }

  /** Counts one call and returns true, or returns false when {@code limit} is already used. */
  synchronized boolean tryConsume(String appId, String api, long limit) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), TokenAuthority.CHINA);
    Key key = new Key(appId, api);
    Count count = counts.get(key);
    long used = count == null || !count.day().equals(today) ? 0 : count.used();
    if (used >= limit) return false;
    counts.put(key, new Count(today, used + 1));
    return true;
  }

  synchronized void reset() {
    counts.clear();
  }
}
