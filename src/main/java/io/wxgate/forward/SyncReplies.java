package io.wxgate.forward;

import com.fasterxml.jackson.databind.JsonNode;
import io.wxgate.WxgateException;
import io.wxgate.wechat.Article;
import io.wxgate.wechat.ImageReply;
import io.wxgate.wechat.MusicReply;
import io.wxgate.wechat.NewsReply;
import io.wxgate.wechat.Reply;
import io.wxgate.wechat.TextReply;
import io.wxgate.wechat.TransferCustomerServiceReply;
import io.wxgate.wechat.VideoReply;
import io.wxgate.wechat.VoiceReply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a sync webhook's answer: {@code {"reply": {"type": "text", "content": "…"}}}, or no reply
 * for an empty body, {@code {}} or {@code {"reply": null}}. Field names are the reply records'
 * (docs/forwarding.md).
 */
final class SyncReplies {
  private SyncReplies() {}

  /**
   * @throws BadReply when the body is not JSON or the reply lacks a required field
   */
  static Optional<Reply> parse(byte[] body) {
    if (body == null || body.length == 0) return Optional.empty();
    JsonNode root;
    try {
      root = Events.JSON.readTree(body);
    } catch (IOException e) {
      throw new BadReply("answer is not JSON");
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw new BadReply("answer must be a JSON object");
    }
    JsonNode r = root.get("reply");
    if (r == null || r.isNull()) return Optional.empty();
    if (!r.isObject()) throw new BadReply("reply must be an object");
    String type = text(r, "type");
    if (type == null) throw new BadReply("reply.type is required");
    try {
      return Optional.of(
          switch (type) {
            case "text" -> new TextReply(required(r, "content"));
            case "image" -> new ImageReply(required(r, "mediaId"));
            case "voice" -> new VoiceReply(required(r, "mediaId"));
            case "video" ->
                new VideoReply(required(r, "mediaId"), text(r, "title"), text(r, "description"));
            case "music" ->
                new MusicReply(
                    text(r, "title"),
                    text(r, "description"),
                    text(r, "musicUrl"),
                    text(r, "hqMusicUrl"),
                    required(r, "thumbMediaId"));
            case "news" -> new NewsReply(articles(r));
            case "transfer_customer_service" ->
                new TransferCustomerServiceReply(text(r, "kfAccount"));
            default -> throw new BadReply("unknown reply.type " + type);
          });
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new BadReply("invalid reply: " + e.getMessage());
    }
  }

  private static List<Article> articles(JsonNode r) {
    JsonNode list = r.get("articles");
    if (list == null || !list.isArray()) throw new BadReply("reply.articles must be a list");
    List<Article> out = new ArrayList<>();
    for (JsonNode a : list) {
      out.add(
          new Article(
              required(a, "title"), text(a, "description"), text(a, "picUrl"), text(a, "url")));
    }
    return out;
  }

  private static String required(JsonNode node, String field) {
    String v = text(node, field);
    if (v == null) throw new BadReply("reply." + field + " is required");
    return v;
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** The answer could not be read as a reply. */
  static final class BadReply extends WxgateException {
    BadReply(String message) {
      super(message);
    }
  }
}
