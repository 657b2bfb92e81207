package io.wxgate.wechat;

/** A push with {@code MsgType} {@code event}. */
public sealed interface Event extends InboundMessage
    permits SubscribeEvent,
        UnsubscribeEvent,
        ScanEvent,
        LocationEvent,
        ClickEvent,
        ViewEvent,
        ViewMiniprogramEvent,
        ScanCodeEvent,
        PicEvent,
        LocationSelectEvent,
        TemplateSendJobFinishEvent,
        MassSendJobFinishEvent,
        SubscribeMsgPopupEvent,
        SubscribeMsgChangeEvent,
        SubscribeMsgSentEvent,
        UnknownEvent {

  /** The {@code Event} value, case as WeChat sends it ({@code subscribe}, {@code CLICK}, …). */
  String event();

  /** The {@code EventKey}, or the empty string when the event has none. */
  default String eventKey() {
    return fields().getOrDefault("EventKey", "");
  }

  @Override
  default String dedupKey() {
    return fromUserName() + "|" + createTime() + "|" + event() + "|" + eventKey();
  }
}
