package io.wxgate.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.wxgate.wechat.ErrCode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Template sends and subscription notices, validated as WeChat does: token, then body, recipient,
 * template, data values, then {@code client_msg_id} de-duplication and the daily quota.
 *
 * <p>Openids starting {@code block_} are accepted but their receipt says {@code failed:user block};
 * {@code unfollow_} gets 43004 on template sends and {@code refuse_} 43101 on bizsend. Every
 * accepted send gets a msgid and a receipt push; bizsend answers with its msgid only when
 * configured to.
 */
final class SendEndpoints {
  static final Duration DEDUP_WINDOW = Duration.ofMinutes(10);

  private record DedupKey(String appId, String toUser, String clientMsgId) {}

  private record Sent(long msgId, Instant at) {}

  private final TokenAuthority tokens;
  private final FaultInjector faults;
  private final Quotas quotas;
  private final Receipts receipts;
  private final InstantSource clock;
  private final Set<String> templateIds;
  private final Set<String> openIds;
  private final boolean bizsendAnswersMsgId;
  // insertion order is send order, so expired sends are always at the head
  private final LinkedHashMap<DedupKey, Sent> sent = new LinkedHashMap<>();
  private long lastMsgId;

  SendEndpoints(
      TokenAuthority tokens,
      FaultInjector faults,
      Quotas quotas,
      Receipts receipts,
      InstantSource clock,
      Set<String> templateIds,
      Set<String> openIds,
      boolean bizsendAnswersMsgId) {
    this.tokens = tokens;
    this.faults = faults;
    this.quotas = quotas;
    this.receipts = receipts;
    this.clock = clock;
    this.templateIds = templateIds;
    this.openIds = openIds;
    this.bizsendAnswersMsgId = bizsendAnswersMsgId;
    // WeChat's msgids are large and increasing; start somewhere that looks like one.
    this.lastMsgId = 2_000_000_000L + clock.instant().getEpochSecond() % 1_000_000 * 1000;
  }

  Outcome template(Context ctx) {
    return send("template", ctx);
  }

  Outcome bizsend(Context ctx) {
    return send("bizsend", ctx);
  }

  private Outcome send(String api, Context ctx) {
    TokenAuthority.Check check = tokens.check(ctx.queryParam("access_token"));
    if (!check.valid()) return Outcome.error(check.appId(), check.errcode());
    String appId = check.appId();
    int injected = faults.injectedError(api);
    if (injected != 0) return Outcome.error(appId, injected);

    JsonNode body = Json.parseObject(ctx.body());
    if (body == null) return Outcome.error(appId, ErrCode.DATA_FORMAT_ERROR);
    String toUser = Json.text(body, "touser");
    if (toUser == null || !known(openIds, toUser)) {
      return Outcome.error(appId, ErrCode.INVALID_OPENID);
    }
    String templateId = Json.text(body, "template_id");
    if (templateId == null || !known(templateIds, templateId)) {
      return Outcome.error(appId, ErrCode.INVALID_TEMPLATE_ID);
    }
    Outcome badData = checkData(appId, body.get("data"));
    if (badData != null) return badData;
    JsonNode miniProgram = body.get("miniprogram");
    if (miniProgram != null
        && (!miniProgram.isObject() || Json.text(miniProgram, "appid") == null)) {
      return Outcome.error(appId, ErrCode.DATA_FORMAT_ERROR);
    }
    if (api.equals("template") && toUser.startsWith("unfollow_")) {
      return Outcome.error(appId, ErrCode.REQUIRE_SUBSCRIBE);
    }
    if (api.equals("bizsend") && toUser.startsWith("refuse_")) {
      return Outcome.error(appId, ErrCode.USER_REFUSED);
    }
    return api.equals("template")
        ? accept(appId, toUser, Json.text(body, "client_msg_id"))
        : acceptNotice(appId, toUser, templateId);
  }

  /** De-duplicates, counts the quota, assigns the msgid, and schedules the receipt. */
  private Outcome accept(String appId, String toUser, String clientMsgId) {
    long msgId;
    synchronized (this) {
      Instant now = clock.instant();
      DedupKey key = clientMsgId == null ? null : new DedupKey(appId, toUser, clientMsgId);
      Sent before = key == null ? null : sent.get(key);
      if (before != null && now.isBefore(before.at().plus(DEDUP_WINDOW))) {
        return Outcome.sent(appId, before.msgId(), true);
      }
      if (!quotas.tryConsume(appId, "template", faults.current().dailyQuota())) {
        return Outcome.error(appId, ErrCode.QUOTA_EXHAUSTED);
      }
      msgId = ++lastMsgId;
      if (key != null) {
        forgetOldSends(now);
        sent.remove(key); // re-inserted at the tail: the map stays in send order
        sent.put(key, new Sent(msgId, now));
      }
    }
    String status = toUser.startsWith("block_") ? "failed:user block" : "success";
    receipts.templateFinished(appId, toUser, msgId, status);
    return Outcome.sent(appId, msgId, false);
  }

  /** Counts the quota, assigns the msgid its {@code subscribe_msg_sent_event} will carry. */
  private Outcome acceptNotice(String appId, String toUser, String templateId) {
    long msgId;
    synchronized (this) {
      if (!quotas.tryConsume(appId, "bizsend", faults.current().dailyQuota())) {
        return Outcome.error(appId, ErrCode.QUOTA_EXHAUSTED);
      }
      msgId = ++lastMsgId;
    }
    receipts.subscriptionSent(appId, toUser, templateId, msgId);
    return bizsendAnswersMsgId ? Outcome.sent(appId, msgId, false) : Outcome.notice(appId, msgId);
  }

  private Outcome checkData(String appId, JsonNode data) {
    if (data == null || !data.isObject()) return Outcome.error(appId, ErrCode.DATA_FORMAT_ERROR);
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue().isObject() ? field.getValue().get("value") : null;
      if (value == null
          || !value.isTextual()
          || !DataRules.accepts(field.getKey(), value.asText())) {
        return Outcome.error(
            appId,
            ErrCode.ARGUMENT_INVALID,
            Answers.withHint("argument invalid! data." + field.getKey() + ".value invalid"));
      }
    }
    return null;
  }

  /** Drops sends older than the window from the head: O(1) per send, never a full scan. */
  private void forgetOldSends(Instant now) {
    Iterator<Sent> oldest = sent.values().iterator();
    while (oldest.hasNext() && !now.isBefore(oldest.next().at().plus(DEDUP_WINDOW))) {
      oldest.remove();
    }
  }

  private static boolean known(Set<String> list, String id) {
    return list == null ? !id.startsWith("bad_") : list.contains(id);
  }
}
