package io.wxgate.config;

import io.wxgate.WxgateException;
import java.util.List;

/**
 * The configuration is invalid; {@link #problems()} lists every problem found, not only the first.
 */
public final class ConfigException extends WxgateException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("invalid configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
