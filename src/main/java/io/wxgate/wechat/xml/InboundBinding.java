package io.wxgate.wechat.xml;

import io.wxgate.wechat.ClickEvent;
import io.wxgate.wechat.Event;
import io.wxgate.wechat.Header;
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
import io.wxgate.wechat.SubscriptionItem;
import io.wxgate.wechat.SubscriptionSentItem;
import io.wxgate.wechat.TemplateSendJobFinishEvent;
import io.wxgate.wechat.TextMessage;
import io.wxgate.wechat.UnknownEvent;
import io.wxgate.wechat.UnknownMessage;
import io.wxgate.wechat.UnsubscribeEvent;
import io.wxgate.wechat.VideoMessage;
import io.wxgate.wechat.ViewEvent;
import io.wxgate.wechat.ViewMiniprogramEvent;
import io.wxgate.wechat.VoiceMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the flat field map into the typed records. Header fields and a message's {@code MsgId} are
 * required; other absent strings are null (an absent {@code EventKey} is ""), absent numbers 0.
 */
final class InboundBinding {
  private InboundBinding() {}

  static InboundMessage bind(Map<String, String> f) {
    Header h =
        new Header(
            required(f, "ToUserName"),
            required(f, "FromUserName"),
            parseLong("CreateTime", required(f, "CreateTime")),
            required(f, "MsgType"),
            f);
    return switch (h.msgType()) {
      case "text" ->
          new TextMessage(
              h, msgId(f), f.getOrDefault("Content", ""), f.get("MsgDataId"), optInt(f, "Idx"));
      case "image" -> new ImageMessage(h, msgId(f), f.get("PicUrl"), f.get("MediaId"));
      case "voice" ->
          new VoiceMessage(h, msgId(f), f.get("MediaId"), f.get("Format"), f.get("Recognition"));
      case "video", "shortvideo" ->
          new VideoMessage(h, msgId(f), f.get("MediaId"), f.get("ThumbMediaId"));
      case "location" ->
          new LocationMessage(
              h,
              msgId(f),
              dbl(f, "Location_X"),
              dbl(f, "Location_Y"),
              scale(f, "Scale"),
              f.get("Label"));
      case "link" ->
          new LinkMessage(h, msgId(f), f.get("Title"), f.get("Description"), f.get("Url"));
      case "event" -> event(h, f);
      default -> new UnknownMessage(h);
    };
  }

  private static Event event(Header h, Map<String, String> f) {
    String event = f.getOrDefault("Event", "");
    String key = f.getOrDefault("EventKey", "");
    return switch (event) {
      case SubscribeEvent.EVENT -> new SubscribeEvent(h, key, f.get("Ticket"));
      case UnsubscribeEvent.EVENT -> new UnsubscribeEvent(h);
      case ScanEvent.EVENT -> new ScanEvent(h, key, f.get("Ticket"));
      case LocationEvent.EVENT ->
          new LocationEvent(h, dbl(f, "Latitude"), dbl(f, "Longitude"), dbl(f, "Precision"));
      case ClickEvent.EVENT -> new ClickEvent(h, key);
      case ViewEvent.EVENT -> new ViewEvent(h, key, f.get("MenuId"));
      case ViewMiniprogramEvent.EVENT -> new ViewMiniprogramEvent(h, key, f.get("MenuId"));
      case ScanCodeEvent.PUSH, ScanCodeEvent.WAITMSG ->
          new ScanCodeEvent(
              h, event, key, f.get("ScanCodeInfo/ScanType"), f.get("ScanCodeInfo/ScanResult"));
      case PicEvent.SYSPHOTO, PicEvent.PHOTO_OR_ALBUM, PicEvent.WEIXIN ->
          new PicEvent(h, event, key, integer(f, "SendPicsInfo/Count"), picMd5s(f));
      case LocationSelectEvent.EVENT ->
          new LocationSelectEvent(
              h,
              key,
              dbl(f, "SendLocationInfo/Location_X"),
              dbl(f, "SendLocationInfo/Location_Y"),
              scale(f, "SendLocationInfo/Scale"),
              f.get("SendLocationInfo/Label"),
              f.get("SendLocationInfo/Poiname"));
      case TemplateSendJobFinishEvent.EVENT ->
          new TemplateSendJobFinishEvent(
              h, parseLong("MsgID", required(f, "MsgID")), f.getOrDefault("Status", ""));
      case MassSendJobFinishEvent.EVENT ->
          new MassSendJobFinishEvent(
              h,
              lng(f, "MsgID"),
              f.getOrDefault("Status", ""),
              integer(f, "TotalCount"),
              integer(f, "FilterCount"),
              integer(f, "SentCount"),
              integer(f, "ErrorCount"));
      case SubscribeMsgPopupEvent.EVENT ->
          new SubscribeMsgPopupEvent(h, subscriptions(f, "SubscribeMsgPopupEvent"));
      case SubscribeMsgChangeEvent.EVENT -> {
        // The official example wraps change events in SubscribeMsgPopupEvent (a doc bug); accept
        // both.
        List<SubscriptionItem> items = subscriptions(f, "SubscribeMsgChangeEvent");
        yield new SubscribeMsgChangeEvent(
            h, items.isEmpty() ? subscriptions(f, "SubscribeMsgPopupEvent") : items);
      }
      case SubscribeMsgSentEvent.EVENT -> new SubscribeMsgSentEvent(h, sent(f));
      default -> new UnknownEvent(h, event);
    };
  }

  private static List<String> picMd5s(Map<String, String> f) {
    List<String> md5s = new ArrayList<>();
    for (int i = 1; ; i++) {
      String md5 = f.get("SendPicsInfo/PicList/item[" + i + "]/PicMd5Sum");
      if (md5 == null) {
        return md5s;
      }
      md5s.add(md5);
    }
  }

  private static List<SubscriptionItem> subscriptions(Map<String, String> f, String wrapper) {
    List<SubscriptionItem> items = new ArrayList<>();
    for (int i = 1; ; i++) {
      String prefix = wrapper + "/List[" + i + "]/";
      String templateId = f.get(prefix + "TemplateId");
      if (templateId == null) {
        return items;
      }
      items.add(
          new SubscriptionItem(
              templateId,
              f.get(prefix + "SubscribeStatusString"),
              optInt(f, prefix + "PopupScene")));
    }
  }

  private static List<SubscriptionSentItem> sent(Map<String, String> f) {
    List<SubscriptionSentItem> items = new ArrayList<>();
    for (int i = 1; ; i++) {
      String prefix = "SubscribeMsgSentEvent/List[" + i + "]/";
      String templateId = f.get(prefix + "TemplateId");
      if (templateId == null) {
        return items;
      }
      items.add(
          new SubscriptionSentItem(
              templateId,
              f.get(prefix + "MsgID"),
              integer(f, prefix + "ErrorCode"),
              f.get(prefix + "ErrorStatus")));
    }
  }

  private static String required(Map<String, String> f, String name) {
    String value = f.get(name);
    if (value == null) {
      throw new XmlException(XmlException.Reason.MISSING_FIELD, name);
    }
    return value;
  }

  private static long msgId(Map<String, String> f) {
    String value = f.get("MsgId");
    if (value == null) {
      // Some doc tables and SDKs (WxJava) spell it MsgID; WeChat itself sends MsgId for messages.
      value = required(f, "MsgID");
    }
    return parseLong("MsgId", value);
  }

  private static long lng(Map<String, String> f, String name) {
    String value = f.get(name);
    return value == null || value.isBlank() ? 0 : parseLong(name, value);
  }

  private static long parseLong(String name, String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new XmlException(XmlException.Reason.BAD_VALUE, name);
    }
  }

  private static int integer(Map<String, String> f, String name) {
    Integer value = optInt(f, name);
    return value == null ? 0 : value;
  }

  private static Integer optInt(Map<String, String> f, String name) {
    String value = f.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new XmlException(XmlException.Reason.BAD_VALUE, name);
    }
  }

  /** WeChat sends whole zoom levels; SDKs that model it as a double write {@code 20.0}. */
  private static int scale(Map<String, String> f, String name) {
    return (int) dbl(f, name);
  }

  private static double dbl(Map<String, String> f, String name) {
    String value = f.get(name);
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new XmlException(XmlException.Reason.BAD_VALUE, name);
    }
  }
}
