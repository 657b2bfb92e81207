package io.wxgate.forward;

import io.wxgate.state.DedupStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-process dedup store for pipeline tests (the real ones are tested in state). */
final class MapDedup implements DedupStore {
  private final Map<String, String> claimed = new ConcurrentHashMap<>();
  private final Map<String, String> answers = new ConcurrentHashMap<>();

  @Override
  public boolean claim(String key, Duration ttl) {
    return claimed.putIfAbsent(key, "") == null;
  }

  @Override
  public void rememberAnswer(String key, String answer, Duration ttl) {
    answers.put(key, answer);
  }

  @Override
  public Optional<String> answer(String key) {
    return Optional.ofNullable(answers.get(key));
  }

  @Override
  public void release(String key) {
    claimed.remove(key);
    answers.remove(key);
  }

  int claims() {
    return claimed.size();
  }

  int answers() {
    return answers.size();
  }
}
