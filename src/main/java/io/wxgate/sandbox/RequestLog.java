package io.wxgate.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Everything the sandbox received, in order, with per-API counts. Thread-safe. */
final class RequestLog {
  static final List<String> APIS =
      List.of("token", "stable_token", "template", "bizsend", "receipt");
  private static final Pattern QUERY_SECRET = Pattern.compile("(?i)\\b(access_token|secret)=[^&]*");
  private static final Pattern JSON_SECRET =
      Pattern.compile("(?i)\"(secret|appsecret)\"\\s*:\\s*\"[^\"]*\"");

  private final List<RecordedRequest> requests = new ArrayList<>();
  private long seq;

  synchronized RecordedRequest add(
      String api,
      String appId,
      Instant receivedAt,
      String query,
      String body,
      int errcode,
      String errmsg,
      Long msgId,
      boolean duplicate) {
    RecordedRequest request =
        new RecordedRequest(
            ++seq,
            api,
            appId,
            receivedAt,
            query == null ? "" : QUERY_SECRET.matcher(query).replaceAll("$1=***"),
            body == null ? "" : JSON_SECRET.matcher(body).replaceAll("\"$1\":\"***\""),
            errcode,
            errmsg,
            msgId,
            duplicate);
    requests.add(request);
    return request;
  }

  /** Matching requests, oldest first; a null filter matches everything. */
  synchronized List<RecordedRequest> find(String api, String appId) {
    return requests.stream()
        .filter(r -> api == null || api.equals(r.api()))
        .filter(r -> appId == null || appId.equals(r.appId()))
        .toList();
  }

  /** Count per API (every API listed, zero included) for one AppID or, when null, for all. */
  synchronized Map<String, Long> stats(String appId) {
    Map<String, Long> counts = new TreeMap<>();
    for (String api : APIS) counts.put(api, 0L);
    for (RecordedRequest r : requests) {
      if (appId == null || appId.equals(r.appId())) counts.merge(r.api(), 1L, Long::sum);
    }
    return counts;
  }

  synchronized void clear() {
    requests.clear();
  }
}
