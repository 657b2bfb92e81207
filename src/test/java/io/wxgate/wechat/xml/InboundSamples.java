package io.wxgate.wechat.xml;

/** Realistic pushes, one per type in wechat-protocol.md §4, shaped like the official examples. */
final class InboundSamples {
  private InboundSamples() {}

  static String head(String msgType) {
    return "<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n"
        + "<FromUserName><![CDATA[oyORnuP8q7ou2gfYjqLzSIWZf0rs]]></FromUserName>\n"
        + "<CreateTime>1409735668</CreateTime>\n"
        + "<MsgType><![CDATA["
        + msgType
        + "]]></MsgType>\n";
  }

  static String event(String event, String rest) {
    return head("event") + "<Event><![CDATA[" + event + "]]></Event>\n" + rest + "</xml>";
  }

  static final String TEXT =
      head("text")
          + "<Content><![CDATA[你好 <b>&amp; ]]]]><![CDATA[> world]]></Content>\n"
          + "<MsgId>6054768590064713728</MsgId>\n<MsgDataId>2247483652</MsgDataId>\n<Idx>1</Idx>\n</xml>";
  static final String IMAGE =
      head("image")
          + "<PicUrl><![CDATA[http://mmbiz.qpic.cn/x.jpg]]></PicUrl><MediaId><![CDATA[media_1]]></MediaId>"
          + "<MsgId>1234567890123456</MsgId></xml>";
  static final String VOICE =
      head("voice")
          + "<MediaId><![CDATA[media_v]]></MediaId><Format><![CDATA[amr]]></Format>"
          + "<Recognition><![CDATA[腾讯微信团队]]></Recognition><MsgId>1234567890123457</MsgId></xml>";
  static final String VIDEO =
      head("video")
          + "<MediaId><![CDATA[media_video]]></MediaId><ThumbMediaId><![CDATA[thumb_1]]></ThumbMediaId>"
          + "<MsgId>1234567890123458</MsgId></xml>";
  static final String SHORTVIDEO =
      head("shortvideo")
          + "<MediaId><![CDATA[media_sv]]></MediaId><ThumbMediaId><![CDATA[thumb_2]]></ThumbMediaId>"
          + "<MsgId>1234567890123459</MsgId></xml>";
  static final String LOCATION =
      head("location")
          + "<Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale>"
          + "<Label><![CDATA[位置信息]]></Label><MsgId>1234567890123460</MsgId></xml>";
  static final String LINK =
      head("link")
          + "<Title><![CDATA[公众平台官网链接]]></Title><Description><![CDATA[公众平台官网链接]]></Description>"
          + "<Url><![CDATA[https://mp.weixin.qq.com/]]></Url><MsgId>1234567890123461</MsgId></xml>";
  static final String FILE =
      head("file")
          + "<Title><![CDATA[a.pdf]]></Title><FileKey><![CDATA[k]]></FileKey>"
          + "<MsgId>1234567890123462</MsgId></xml>";

  static final String SUBSCRIBE = event("subscribe", "");
  static final String SUBSCRIBE_QR =
      event(
          "subscribe",
          "<EventKey><![CDATA[qrscene_123123]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket>");
  static final String UNSUBSCRIBE = event("unsubscribe", "<EventKey><![CDATA[]]></EventKey>");
  static final String SCAN =
      event(
          "SCAN",
          "<EventKey><![CDATA[SCENE_VALUE]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket>");
  static final String LOCATION_EVENT =
      event(
          "LOCATION",
          "<Latitude>23.137466</Latitude><Longitude>113.352425</Longitude><Precision>119.385040</Precision>");
  static final String CLICK = event("CLICK", "<EventKey><![CDATA[EVENTKEY]]></EventKey>");
  static final String VIEW =
      event("VIEW", "<EventKey><![CDATA[www.qq.com]]></EventKey><MenuId>208396938</MenuId>");
  static final String VIEW_MINIPROGRAM =
      event(
          "view_miniprogram",
          "<EventKey><![CDATA[pages/index/index]]></EventKey><MenuId>208396938</MenuId>");
  static final String SCANCODE_PUSH =
      event(
          "scancode_push",
          "<EventKey><![CDATA[6]]></EventKey><ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType>"
              + "<ScanResult><![CDATA[1]]></ScanResult></ScanCodeInfo>");
  static final String SCANCODE_WAITMSG =
      event(
          "scancode_waitmsg",
          "<EventKey><![CDATA[7]]></EventKey><ScanCodeInfo><ScanType><![CDATA[barcode]]></ScanType>"
              + "<ScanResult><![CDATA[EAN_13,6901234567892]]></ScanResult></ScanCodeInfo>");
  static final String PIC_PHOTO_OR_ALBUM =
      event(
          "pic_photo_or_album",
          "<EventKey><![CDATA[6]]></EventKey><SendPicsInfo><Count>2</Count><PicList>"
              + "<item><PicMd5Sum><![CDATA[5a75aaca956d97be686719218f275c6b]]></PicMd5Sum></item>\n"
              + "<item><PicMd5Sum><![CDATA[1b5f7c23b5bf75682a53e7b6d163e185]]></PicMd5Sum></item>"
              + "</PicList></SendPicsInfo>");
  static final String PIC_SYSPHOTO =
      event(
          "pic_sysphoto",
          "<EventKey><![CDATA[6]]></EventKey><SendPicsInfo><Count>1</Count><PicList>"
              + "<item><PicMd5Sum><![CDATA[1b5f7c23b5bf75682a53e7b6d163e185]]></PicMd5Sum></item>"
              + "</PicList></SendPicsInfo>");
  static final String LOCATION_SELECT =
      event(
          "location_select",
          "<EventKey><![CDATA[6]]></EventKey><SendLocationInfo><Location_X><![CDATA[23]]></Location_X>"
              + "<Location_Y><![CDATA[113]]></Location_Y><Scale><![CDATA[15]]></Scale>"
              + "<Label><![CDATA[ 广州市海珠区客村艺苑路 106号]]></Label><Poiname><![CDATA[]]></Poiname>"
              + "</SendLocationInfo>");
  static final String TEMPLATE_FINISH =
      event(
          "TEMPLATESENDJOBFINISH",
          "<MsgID>200163836</MsgID><Status><![CDATA[failed:user block]]></Status>");
  static final String MASS_FINISH =
      event(
          "MASSSENDJOBFINISH",
          "<MsgID>1000001625</MsgID><Status><![CDATA[err(30003)]]></Status><TotalCount>0</TotalCount>"
              + "<FilterCount>0</FilterCount><SentCount>0</SentCount><ErrorCount>0</ErrorCount>"
              + "<CopyrightCheckResult><Count>2</Count><ResultList><item><ArticleIdx>1</ArticleIdx>"
              + "<UserDeclareState>0</UserDeclareState></item><item><ArticleIdx>2</ArticleIdx>"
              + "<UserDeclareState>0</UserDeclareState></item></ResultList><CheckState>2</CheckState>"
              + "</CopyrightCheckResult>");
  static final String SUBSCRIBE_MSG_POPUP =
      event(
          "subscribe_msg_popup_event",
          "<SubscribeMsgPopupEvent><List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId>"
              + "<SubscribeStatusString><![CDATA[accept]]></SubscribeStatusString><PopupScene>2</PopupScene></List>"
              + "<List><TemplateId><![CDATA[9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI]]></TemplateId>"
              + "<SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString><PopupScene>2</PopupScene></List>"
              + "</SubscribeMsgPopupEvent>");
  static final String SUBSCRIBE_MSG_CHANGE =
      event(
          "subscribe_msg_change_event",
          "<SubscribeMsgChangeEvent><List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId>"
              + "<SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString></List></SubscribeMsgChangeEvent>");
  static final String SUBSCRIBE_MSG_CHANGE_DOC_BUG =
      event(
          "subscribe_msg_change_event",
          "<SubscribeMsgPopupEvent><List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId>"
              + "<SubscribeStatusString><![CDATA[reject]]></SubscribeStatusString></List></SubscribeMsgPopupEvent>");
  static final String SUBSCRIBE_MSG_SENT =
      event(
          "subscribe_msg_sent_event",
          "<SubscribeMsgSentEvent><List><TemplateId><![CDATA[VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc]]></TemplateId>"
              + "<MsgID>1700827132819554304</MsgID><ErrorCode>0</ErrorCode><ErrorStatus><![CDATA[success]]></ErrorStatus>"
              + "</List></SubscribeMsgSentEvent>");
  static final String UNKNOWN_EVENT =
      event("debug_demo", "<debug_str><![CDATA[hello world]]></debug_str>");
}
