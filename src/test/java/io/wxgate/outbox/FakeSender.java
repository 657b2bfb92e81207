package io.wxgate.outbox;

import io.wxgate.wechat.ErrorKind;
import io.wxgate.wechat.api.SendResult;
import io.wxgate.wechat.api.WechatError;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scripted WeChat: answers each send with the next scripted result for that recipient, or success
 * with a fresh msgid. Records every call. Thread-safe.
 */
final class FakeSender implements Sender {
  record Call(String token, String messageId, String toUser, String clientMsgId) {}

  private final List<Call> calls = new ArrayList<>();
  private final Map<String, Deque<SendResult>> scripts = new ConcurrentHashMap<>();
  private final AtomicLong msgIds = new AtomicLong(1000);

  static SendResult failed(int errcode, ErrorKind kind) {
    return new SendResult.Failed(
        new WechatError(errcode, "errmsg for " + errcode, kind), Duration.ofMillis(3));
  }

  /** The next sends to {@code toUser} answer with these, in order; then success. */
  FakeSender script(String toUser, SendResult... results) {
    scripts.computeIfAbsent(toUser, u -> new ArrayDeque<>()).addAll(List.of(results));
    return this;
  }

  @Override
  public SendResult send(String accessToken, OutboundMessage m) {
    synchronized (calls) {
      calls.add(
          new Call(accessToken, m.id(), m.request().toUser(), Sender.templateOf(m).clientMsgId()));
    }
    Deque<SendResult> script = scripts.get(m.request().toUser());
    SendResult next = script == null ? null : script.pollFirst();
    return next != null
        ? next
        : new SendResult.Sent(msgIds.incrementAndGet(), Duration.ofMillis(5));
  }

  List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  long sendsOf(String messageId) {
    return calls().stream().filter(c -> c.messageId().equals(messageId)).count();
  }
}
