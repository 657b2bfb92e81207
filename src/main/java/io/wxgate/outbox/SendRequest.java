package io.wxgate.outbox;

import io.wxgate.wechat.api.DataValue;
import io.wxgate.wechat.api.MiniProgram;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a client asks wxgate to send. {@code url} applies to templates, {@code page} to subscription
 * notices; {@code miniProgram} to both; each may be null. {@code data} keeps its order. Validated
 * by {@link Outbox#enqueue}, not here, so that every bad field can be reported at once.
 */
public record SendRequest(
    String appId,
    Type type,
    String toUser,
    String templateId,
    String url,
    MiniProgram miniProgram,
    String page,
    Map<String, DataValue> data) {

  public enum Type {
    /** {@code /cgi-bin/message/template/send}. */
    TEMPLATE,
    /** {@code /cgi-bin/message/subscribe/bizsend}. */
    SUBSCRIBE
  }

  public SendRequest {
    data = data == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(data));
  }
}
