package io.wxgate.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Prometheus text exposition: one {@link Series} per sample line. */
record Scrape(List<Series> series) {
  private static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\S+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  record Series(String name, Map<String, String> labels, double value) {
    boolean matches(String wanted, Map<String, String> subset) {
      if (!name.equals(wanted)) return false;
      for (var e : subset.entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) return false;
      }
      return true;
    }
  }

  static Scrape parse(String text) {
    List<Series> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      Matcher m = LINE.matcher(line.strip());
      if (!m.matches()) throw new IllegalArgumentException("not a sample line: " + line);
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) labels.put(l.group(1), l.group(2));
      }
      out.add(new Series(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return new Scrape(List.copyOf(out));
  }

  List<Series> find(String name, Map<String, String> labels) {
    return series.stream().filter(s -> s.matches(name, labels)).toList();
  }

  List<Series> find(String name) {
    return find(name, Map.of());
  }

  /**
   * The sum over every series of {@code name} carrying {@code labels}; empty when there is none.
   */
  OptionalDouble sum(String name, Map<String, String> labels) {
    List<Series> found = find(name, labels);
    if (found.isEmpty()) return OptionalDouble.empty();
    return OptionalDouble.of(found.stream().mapToDouble(Series::value).sum());
  }

  /** The sum, or -1 when no such series exists (so "at least n" assertions fail on absence). */
  double total(String name, Map<String, String> labels) {
    return sum(name, labels).orElse(-1);
  }

  double total(String name) {
    return total(name, Map.of());
  }

  /** Names of every series whose name starts with {@code prefix}, for failure messages. */
  List<String> names(String prefix) {
    return series.stream().map(Series::name).filter(n -> n.startsWith(prefix)).distinct().toList();
  }
}
