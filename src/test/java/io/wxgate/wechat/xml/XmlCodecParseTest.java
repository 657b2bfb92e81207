package io.wxgate.wechat.xml;

import static io.wxgate.wechat.xml.InboundSamples.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.wxgate.wechat.ClickEvent;
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
import org.junit.jupiter.api.Test;

class XmlCodecParseTest {
  final XmlCodec codec = new XmlCodec(XmlCodec.XmlLimits.defaults());

  @Test
  void reads_a_text_message_with_header_fields_and_exact_content() {
    InboundMessage parsed = codec.parse(TEXT);

    assertThat(parsed)
        .isInstanceOfSatisfying(
            TextMessage.class,
            m -> {
              assertThat(m.toUserName()).isEqualTo("gh_10f6c3c3ac5a");
              assertThat(m.fromUserName()).isEqualTo("oyORnuP8q7ou2gfYjqLzSIWZf0rs");
              assertThat(m.createTime()).isEqualTo(1409735668L);
              assertThat(m.msgType()).isEqualTo("text");
              assertThat(m.msgId()).isEqualTo(6054768590064713728L);
              assertThat(m.content()).isEqualTo("你好 <b>&amp; ]]> world");
              assertThat(m.msgDataId()).isEqualTo("2247483652");
              assertThat(m.idx()).isEqualTo(1);
            });
    assertThat(parsed.fields())
        .containsExactly(
            entry("ToUserName", "gh_10f6c3c3ac5a"),
            entry("FromUserName", "oyORnuP8q7ou2gfYjqLzSIWZf0rs"),
            entry("CreateTime", "1409735668"),
            entry("MsgType", "text"),
            entry("Content", "你好 <b>&amp; ]]> world"),
            entry("MsgId", "6054768590064713728"),
            entry("MsgDataId", "2247483652"),
            entry("Idx", "1"));
    assertThat(parsed.dedupKey())
        .isEqualTo("6054768590064713728|oyORnuP8q7ou2gfYjqLzSIWZf0rs|1409735668");
  }

  @Test
  void reads_every_ordinary_message_type() {
    assertThat(codec.parse(IMAGE))
        .isEqualTo(
            new ImageMessage(
                codec.parse(IMAGE).header(),
                1234567890123456L,
                "http://mmbiz.qpic.cn/x.jpg",
                "media_1"));
    VoiceMessage voice = (VoiceMessage) codec.parse(VOICE);
    assertThat(voice.mediaId()).isEqualTo("media_v");
    assertThat(voice.format()).isEqualTo("amr");
    assertThat(voice.recognition()).isEqualTo("腾讯微信团队");
    VideoMessage video = (VideoMessage) codec.parse(VIDEO);
    assertThat(video.msgType()).isEqualTo("video");
    assertThat(video.thumbMediaId()).isEqualTo("thumb_1");
    VideoMessage shortVideo = (VideoMessage) codec.parse(SHORTVIDEO);
    assertThat(shortVideo.msgType()).isEqualTo("shortvideo");
    assertThat(shortVideo.mediaId()).isEqualTo("media_sv");
    LocationMessage location = (LocationMessage) codec.parse(LOCATION);
    assertThat(location.latitude()).isEqualTo(23.134521);
    assertThat(location.longitude()).isEqualTo(113.358803);
    assertThat(location.scale()).isEqualTo(20);
    assertThat(location.label()).isEqualTo("位置信息");
    LinkMessage link = (LinkMessage) codec.parse(LINK);
    assertThat(link.title()).isEqualTo("公众平台官网链接");
    assertThat(link.url()).isEqualTo("https://mp.weixin.qq.com/");
    assertThat(link.msgId()).isEqualTo(1234567890123461L);
  }

  @Test
  void an_unknown_msg_type_is_kept_with_all_fields_and_never_an_error() {
    InboundMessage file = codec.parse(FILE);

    assertThat(file).isInstanceOf(UnknownMessage.class);
    assertThat(file.msgType()).isEqualTo("file");
    assertThat(file.fields()).containsEntry("FileKey", "k").containsEntry("Title", "a.pdf");
    assertThat(file.dedupKey())
        .isEqualTo("1234567890123462|oyORnuP8q7ou2gfYjqLzSIWZf0rs|1409735668");
  }

  @Test
  void reads_follow_events_with_and_without_a_qr_scene() {
    SubscribeEvent plain = (SubscribeEvent) codec.parse(SUBSCRIBE);
    assertThat(plain.eventKey()).isEmpty();
    assertThat(plain.sceneValue()).isNull();
    assertThat(plain.ticket()).isNull();
    assertThat(plain.dedupKey()).isEqualTo("oyORnuP8q7ou2gfYjqLzSIWZf0rs|1409735668|subscribe|");

    SubscribeEvent qr = (SubscribeEvent) codec.parse(SUBSCRIBE_QR);
    assertThat(qr.eventKey()).isEqualTo("qrscene_123123");
    assertThat(qr.sceneValue()).isEqualTo("123123");
    assertThat(qr.ticket()).isEqualTo("TICKET");

    assertThat(codec.parse(UNSUBSCRIBE)).isInstanceOf(UnsubscribeEvent.class);
    ScanEvent scan = (ScanEvent) codec.parse(SCAN);
    assertThat(scan.eventKey()).isEqualTo("SCENE_VALUE");
    assertThat(scan.ticket()).isEqualTo("TICKET");
    assertThat(scan.dedupKey())
        .isEqualTo("oyORnuP8q7ou2gfYjqLzSIWZf0rs|1409735668|SCAN|SCENE_VALUE");
  }

  @Test
  void reads_location_and_menu_events() {
    LocationEvent location = (LocationEvent) codec.parse(LOCATION_EVENT);
    assertThat(location.latitude()).isEqualTo(23.137466);
    assertThat(location.longitude()).isEqualTo(113.352425);
    assertThat(location.precision()).isEqualTo(119.385040);

    assertThat(((ClickEvent) codec.parse(CLICK)).eventKey()).isEqualTo("EVENTKEY");
    ViewEvent view = (ViewEvent) codec.parse(VIEW);
    assertThat(view.eventKey()).isEqualTo("www.qq.com");
    assertThat(view.menuId()).isEqualTo("208396938");
    ViewMiniprogramEvent mini = (ViewMiniprogramEvent) codec.parse(VIEW_MINIPROGRAM);
    assertThat(mini.eventKey()).isEqualTo("pages/index/index");
    assertThat(mini.menuId()).isEqualTo("208396938");
  }

  @Test
  void reads_nested_scan_code_info() {
    ScanCodeEvent push = (ScanCodeEvent) codec.parse(SCANCODE_PUSH);
    assertThat(push.event()).isEqualTo("scancode_push");
    assertThat(push.scanType()).isEqualTo("qrcode");
    assertThat(push.scanResult()).isEqualTo("1");
    assertThat(push.fields()).containsEntry("ScanCodeInfo/ScanType", "qrcode");
    ScanCodeEvent waitmsg = (ScanCodeEvent) codec.parse(SCANCODE_WAITMSG);
    assertThat(waitmsg.event()).isEqualTo("scancode_waitmsg");
    assertThat(waitmsg.scanResult()).isEqualTo("EAN_13,6901234567892");
  }

  @Test
  void reads_repeated_picture_items_in_order() {
    PicEvent pics = (PicEvent) codec.parse(PIC_PHOTO_OR_ALBUM);

    assertThat(pics.event()).isEqualTo("pic_photo_or_album");
    assertThat(pics.count()).isEqualTo(2);
    assertThat(pics.md5s())
        .containsExactly("5a75aaca956d97be686719218f275c6b", "1b5f7c23b5bf75682a53e7b6d163e185");
    assertThat(pics.fields())
        .containsEntry("SendPicsInfo/Count", "2")
        .containsEntry("SendPicsInfo/PicList/item[1]/PicMd5Sum", "5a75aaca956d97be686719218f275c6b")
        .containsEntry(
            "SendPicsInfo/PicList/item[2]/PicMd5Sum", "1b5f7c23b5bf75682a53e7b6d163e185");
    PicEvent one = (PicEvent) codec.parse(PIC_SYSPHOTO);
    assertThat(one.md5s()).containsExactly("1b5f7c23b5bf75682a53e7b6d163e185");
    assertThat(one.fields()).containsKey("SendPicsInfo/PicList/item[1]/PicMd5Sum");
  }

  @Test
  void reads_a_location_selection() {
    LocationSelectEvent e = (LocationSelectEvent) codec.parse(LOCATION_SELECT);
    assertThat(e.latitude()).isEqualTo(23.0);
    assertThat(e.longitude()).isEqualTo(113.0);
    assertThat(e.scale()).isEqualTo(15);
    assertThat(e.label()).isEqualTo(" 广州市海珠区客村艺苑路 106号");
    assertThat(e.poiname()).isEmpty();
  }

  @Test
  void reads_template_receipts_by_capital_d_msgid_and_dedups_on_it() {
    TemplateSendJobFinishEvent e = (TemplateSendJobFinishEvent) codec.parse(TEMPLATE_FINISH);
    assertThat(e.msgId()).isEqualTo(200163836L);
    assertThat(e.status()).isEqualTo("failed:user block");
    assertThat(e.blockedByUser()).isTrue();
    assertThat(e.delivered()).isFalse();
    assertThat(e.dedupKey()).isEqualTo("TEMPLATESENDJOBFINISH|200163836");
  }

  @Test
  void reads_mass_send_results_and_keeps_the_nested_copyright_block() {
    MassSendJobFinishEvent e = (MassSendJobFinishEvent) codec.parse(MASS_FINISH);
    assertThat(e.msgId()).isEqualTo(1000001625L);
    assertThat(e.status()).isEqualTo("err(30003)");
    assertThat(e.fields())
        .containsEntry("CopyrightCheckResult/ResultList/item[2]/ArticleIdx", "2")
        .containsEntry("CopyrightCheckResult/CheckState", "2");
  }

  @Test
  void reads_subscription_popup_change_and_sent_events() {
    SubscribeMsgPopupEvent popup = (SubscribeMsgPopupEvent) codec.parse(SUBSCRIBE_MSG_POPUP);
    assertThat(popup.items())
        .containsExactly(
            new SubscriptionItem("VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc", "accept", 2),
            new SubscriptionItem("9nLIlbOQZC5Y89AZteFEux3WCXRRRG5Wfzkpssu4bLI", "reject", 2));
    SubscriptionItem rejected =
        new SubscriptionItem("VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc", "reject", null);
    assertThat(((SubscribeMsgChangeEvent) codec.parse(SUBSCRIBE_MSG_CHANGE)).items())
        .containsExactly(rejected);
    assertThat(((SubscribeMsgChangeEvent) codec.parse(SUBSCRIBE_MSG_CHANGE_DOC_BUG)).items())
        .containsExactly(rejected);
    assertThat(((SubscribeMsgSentEvent) codec.parse(SUBSCRIBE_MSG_SENT)).items())
        .containsExactly(
            new SubscriptionSentItem(
                "VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc",
                "1700827132819554304",
                0,
                "success"));
  }

  @Test
  void an_unknown_event_keeps_all_fields() {
    UnknownEvent e = (UnknownEvent) codec.parse(UNKNOWN_EVENT);
    assertThat(e.event()).isEqualTo("debug_demo");
    assertThat(e.eventKey()).isEmpty();
    assertThat(e.fields()).containsEntry("debug_str", "hello world").hasSize(6);
  }

  @Test
  void reads_the_safe_mode_envelope_and_the_compatible_mode_one() {
    assertThat(
            codec.parseEnvelope(
                "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[abc+/=]]></Encrypt></xml>"))
        .isEqualTo(new XmlCodec.Envelope("gh_1", "abc+/="));
    assertThat(codec.parseEnvelope(TEXT)).isEqualTo(new XmlCodec.Envelope("gh_10f6c3c3ac5a", null));
  }

  @Test
  void keeps_plain_text_entities_decoded_and_whitespace_untouched() {
    InboundMessage m =
        codec.parse(
            TEXT.replace(
                "<![CDATA[你好 <b>&amp; ]]]]><![CDATA[> world]]>", "  a &amp; b &lt; &#x4e2d;\n"));
    assertThat(((TextMessage) m).content()).isEqualTo("  a & b < 中\n");
  }
}
