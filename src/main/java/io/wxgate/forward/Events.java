package io.wxgate.forward;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wxgate.JsonMappers;
import io.wxgate.wechat.ClickEvent;
import io.wxgate.wechat.Event;
import io.wxgate.wechat.ImageMessage;
import io.wxgate.wechat.InboundMessage;
import io.wxgate.wechat.LinkMessage;
import io.wxgate.wechat.LocationEvent;
import io.wxgate.wechat.LocationMessage;
import io.wxgate.wechat.LocationSelectEvent;
import io.wxgate.wechat.MassSendJobFinishEvent;
import io.wxgate.wechat.PicEvent;
import io.wxgate.wechat.ScanCodeEvent;
import io.wxgate.wechat.ScanEvent;
import io.wxgate.wechat.SubscribeEvent;
import io.wxgate.wechat.SubscribeMsgChangeEvent;
import io.wxgate.wechat.SubscribeMsgPopupEvent;
import io.wxgate.wechat.SubscribeMsgSentEvent;
import io.wxgate.wechat.TemplateSendJobFinishEvent;
import io.wxgate.wechat.TextMessage;
import io.wxgate.wechat.UnknownEvent;
import io.wxgate.wechat.UnknownMessage;
import io.wxgate.wechat.UnsubscribeEvent;
import io.wxgate.wechat.UserMessage;
import io.wxgate.wechat.VideoMessage;
import io.wxgate.wechat.ViewEvent;
import io.wxgate.wechat.ViewMiniprogramEvent;
import io.wxgate.wechat.VoiceMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns the typed inbound model into {@link ForwardEvent}s and their JSON bytes. */
final class Events {
  static final ObjectMapper JSON = JsonMappers.create();

  private Events() {}

  static ForwardEvent of(String id, String appId, InboundMessage m, Instant receivedAt) {
    String event = null;
    String eventKey = null;
    if (m instanceof Event e) {
      event = e.event();
      eventKey = e.eventKey() == null || e.eventKey().isEmpty() ? null : e.eventKey();
    }
    return new ForwardEvent(
        id,
        appId,
        m.toUserName(),
        m.msgType(),
        event,
        eventKey,
        m.fromUserName(),
        msgId(m),
        m.createTime(),
        receivedAt.toString(),
        data(m),
        m.fields());
  }

  static byte[] json(ForwardEvent e) {
    try {
      return JSON.writeValueAsBytes(e);
    } catch (JsonProcessingException x) {
      throw new IllegalStateException("cannot serialise event " + e.id(), x);
    }
  }

  static String jsonString(ForwardEvent e) {
    return new String(json(e), StandardCharsets.UTF_8);
  }

  private static String msgId(InboundMessage m) {
    return switch (m) {
      case UserMessage u -> Long.toString(u.msgId());
      case TemplateSendJobFinishEvent t -> Long.toString(t.msgId());
      case MassSendJobFinishEvent t -> Long.toString(t.msgId());
      default -> {
        String raw = m.fields().get("MsgId");
        yield raw != null ? raw : m.fields().get("MsgID");
      }
    };
  }

  /** The typed fields; names follow the record components, which follow WeChat's elements. */
  private static Map<String, Object> data(InboundMessage m) {
    Map<String, Object> d = new LinkedHashMap<>();
    switch (m) {
      case TextMessage t -> {
        d.put("content", t.content());
        d.put("msgDataId", t.msgDataId());
        d.put("idx", t.idx());
      }
      case ImageMessage i -> {
        d.put("picUrl", i.picUrl());
        d.put("mediaId", i.mediaId());
      }
      case VoiceMessage v -> {
        d.put("mediaId", v.mediaId());
        d.put("format", v.format());
        d.put("recognition", v.recognition());
      }
      case VideoMessage v -> {
        d.put("mediaId", v.mediaId());
        d.put("thumbMediaId", v.thumbMediaId());
      }
      case LocationMessage l -> {
        d.put("latitude", l.latitude());
        d.put("longitude", l.longitude());
        d.put("scale", l.scale());
        d.put("label", l.label());
      }
      case LinkMessage l -> {
        d.put("title", l.title());
        d.put("description", l.description());
        d.put("url", l.url());
      }
      case SubscribeEvent s -> d.put("ticket", s.ticket());
      case UnsubscribeEvent u -> {}
      case ScanEvent s -> d.put("ticket", s.ticket());
      case LocationEvent l -> {
        d.put("latitude", l.latitude());
        d.put("longitude", l.longitude());
        d.put("precision", l.precision());
      }
      case ClickEvent c -> {}
      case ViewEvent v -> d.put("menuId", v.menuId());
      case ViewMiniprogramEvent v -> d.put("menuId", v.menuId());
      case ScanCodeEvent s -> {
        d.put("scanType", s.scanType());
        d.put("scanResult", s.scanResult());
      }
      case PicEvent p -> {
        d.put("count", p.count());
        d.put("md5s", p.md5s());
      }
      case LocationSelectEvent l -> {
        d.put("latitude", l.latitude());
        d.put("longitude", l.longitude());
        d.put("scale", l.scale());
        d.put("label", l.label());
        d.put("poiname", l.poiname());
      }
      case TemplateSendJobFinishEvent t -> {
        d.put("status", t.status());
        d.put("delivered", t.delivered());
      }
      case MassSendJobFinishEvent t -> {
        d.put("status", t.status());
        d.put("totalCount", t.totalCount());
        d.put("filterCount", t.filterCount());
        d.put("sentCount", t.sentCount());
        d.put("errorCount", t.errorCount());
      }
      case SubscribeMsgPopupEvent s -> d.put("items", s.items());
      case SubscribeMsgChangeEvent s -> d.put("items", s.items());
      case SubscribeMsgSentEvent s -> d.put("items", s.items());
      case UnknownEvent u -> {}
      case UnknownMessage u -> {}
    }
    return d;
  }
}
