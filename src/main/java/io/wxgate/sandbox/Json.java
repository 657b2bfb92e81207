package io.wxgate.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wxgate.JsonMappers;

/** The JSON reading the endpoints share. */
final class Json {
  static final ObjectMapper MAPPER = JsonMappers.create();

  private Json() {}

  /** The body as a JSON object, or null when it is not one (WeChat answers 47001). */
  static JsonNode parseObject(String body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** A string field, or null when absent, not textual, or blank. */
  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }
}
