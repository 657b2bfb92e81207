package io.wxgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;

/**
 * Typed reads from the merged YAML + environment tree by dotted path. A value that has the wrong
 * type becomes a problem (collected, not thrown) and the default is used, so one start-up reports
 * every mistake at once.
 */
final class Tree {
  private final JsonNode root;
  private final List<String> problems;

  Tree(JsonNode root, List<String> problems) {
    this.root = root == null ? JsonNodeFactory.instance.objectNode() : root;
    this.problems = problems;
  }

  JsonNode node(String path) {
    JsonNode n = root;
    for (String part : path.split("\\.")) {
      n = n == null ? null : n.get(part);
    }
    return n == null || n.isNull() || n.isMissingNode() ? null : n;
  }

  Tree child(JsonNode node) {
    return new Tree(node, problems);
  }

  String text(String path, String fallback) {
    JsonNode n = node(path);
    if (n == null) return fallback;
    if (!n.isValueNode()) {
      problems.add(path + " must be a single value");
      return fallback;
    }
    return n.asText();
  }

  long number(String path, long fallback) {
    JsonNode n = node(path);
    if (n == null) return fallback;
    if (n.isIntegralNumber()) return n.asLong();
    try {
      return Long.parseLong(n.asText().trim());
    } catch (NumberFormatException e) {
      problems.add(path + " must be a whole number, got '" + n.asText() + "'");
      return fallback;
    }
  }

  int integer(String path, int fallback) {
    long v = number(path, fallback);
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
      problems.add(path + " is out of range");
      return fallback;
    }
    return (int) v;
  }

  double decimal(String path, double fallback) {
    JsonNode n = node(path);
    if (n == null) return fallback;
    if (n.isNumber()) return n.asDouble();
    try {
      return Double.parseDouble(n.asText().trim());
    } catch (NumberFormatException e) {
      problems.add(path + " must be a number, got '" + n.asText() + "'");
      return fallback;
    }
  }

  boolean bool(String path, boolean fallback) {
    JsonNode n = node(path);
    if (n == null) return fallback;
    if (n.isBoolean()) return n.asBoolean();
    String s = n.asText().trim().toLowerCase(java.util.Locale.ROOT);
    if (s.equals("true") || s.equals("yes") || s.equals("on") || s.equals("1")) return true;
    if (s.equals("false") || s.equals("no") || s.equals("off") || s.equals("0")) return false;
    problems.add(path + " must be true or false, got '" + n.asText() + "'");
    return fallback;
  }

  /** A duration given in the unit the key names, e.g. {@code handlerDeadlineMillis}. */
  Duration millis(String path, Duration fallback) {
    long v = number(path, -1);
    return v < 0 ? fallback : Duration.ofMillis(v);
  }

  Duration seconds(String path, Duration fallback) {
    long v = number(path, -1);
    return v < 0 ? fallback : Duration.ofSeconds(v);
  }

  List<JsonNode> list(String path) {
    JsonNode n = node(path);
    if (n == null) return List.of();
    if (!n.isArray()) {
      problems.add(path + " must be a list");
      return List.of();
    }
    java.util.ArrayList<JsonNode> out = new java.util.ArrayList<>();
    n.forEach(out::add);
    return out;
  }

  void problem(String message) {
    problems.add(message);
  }

  /** Sets {@code path} (creating objects on the way); used to overlay environment variables. */
  static void put(ObjectNode root, String path, JsonNode value) {
    String[] parts = path.split("\\.");
    ObjectNode n = root;
    for (int i = 0; i < parts.length - 1; i++) {
      JsonNode next = n.get(parts[i]);
      if (!(next instanceof ObjectNode)) {
        next = n.putObject(parts[i]);
      }
      n = (ObjectNode) next;
    }
    n.set(parts[parts.length - 1], value);
  }
}
