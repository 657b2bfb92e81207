package io.wxgate.sandbox;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the sandbox received, in order, with per-API counts. Keeps the latest {@link #capacity}
 * calls (a demo gateway runs its sandbox for days: the log must not grow without bound); the counts
 * cover every call since the last {@link #clear}. Credentials are redacted when calls are read, so
 * recording one costs no regular-expression work. Thread-safe.
 */
final class RequestLog {
  static final List<String> APIS =
      List.of("token", "stable_token", "template", "bizsend", "receipt");
  static final int DEFAULT_CAPACITY = 10_000;
  private static final Pattern QUERY_SECRET = Pattern.compile("(?i)\\b(access_token|secret)=[^&]*");
  private static final Pattern JSON_SECRET =
      Pattern.compile("(?i)\"(secret|appsecret)\"\\s*:\\s*\"[^\"]*\"");

  private final int capacity;
  private final ArrayDeque<RecordedRequest> latest = new ArrayDeque<>();
  // AppID (null for calls that named none) -> API -> calls
  private final Map<String, Map<String, Long>> counts = new HashMap<>();
  private long seq;

  RequestLog() {
    this(DEFAULT_CAPACITY);
  }

  RequestLog(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be positive");
    this.capacity = capacity;
  }

  /** Records one call; its query and body as received (redacted when read). */
  synchronized void add(
      String api,
      String appId,
      Instant receivedAt,
      String query,
      String body,
      int errcode,
      String errmsg,
      Long msgId,
      boolean duplicate) {
    if (latest.size() == capacity) latest.removeFirst();
    latest.addLast(
        new RecordedRequest(
            ++seq,
            api,
            appId,
            receivedAt,
            query == null ? "" : query,
            body == null ? "" : body,
            errcode,
            errmsg,
            msgId,
            duplicate));
    counts.computeIfAbsent(appId, a -> new HashMap<>()).merge(api, 1L, Long::sum);
  }

  /** The retained calls that match, oldest first, redacted; a null filter matches everything. */
  List<RecordedRequest> find(String api, String appId) {
    List<RecordedRequest> matching = new ArrayList<>();
    synchronized (this) {
      for (RecordedRequest r : latest) {
        if ((api == null || api.equals(r.api())) && (appId == null || appId.equals(r.appId()))) {
          matching.add(r);
        }
      }
    }
    return matching.stream().map(RequestLog::redacted).toList();
  }

  /** Count per API (every API listed, zero included) for one AppID or, when null, for all. */
  synchronized Map<String, Long> stats(String appId) {
    Map<String, Long> out = new TreeMap<>();
    for (String api : APIS) out.put(api, 0L);
    counts.forEach(
        (app, perApi) -> {
          if (appId == null || appId.equals(app))
            perApi.forEach((k, n) -> out.merge(k, n, Long::sum));
        });
    return out;
  }

  synchronized void clear() {
    latest.clear();
    counts.clear();
  }

  private static RecordedRequest redacted(RecordedRequest r) {
    return new RecordedRequest(
        r.seq(),
        r.api(),
        r.appId(),
        r.receivedAt(),
        QUERY_SECRET.matcher(r.query()).replaceAll("$1=***"),
        JSON_SECRET.matcher(r.body()).replaceAll("\"$1\":\"***\""),
        r.errcode(),
        r.errmsg(),
        r.msgId(),
        r.duplicate());
  }
}
