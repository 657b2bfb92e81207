package io.wxgate.wechat;

import java.util.List;

/**
 * Pictures sent from a {@code pic_sysphoto}, {@code pic_photo_or_album} or {@code pic_weixin} menu
 * button ({@code SendPicsInfo}): the announced {@code count} and the MD5 of each picture in order.
 */
public record PicEvent(Header header, String event, String eventKey, int count, List<String> md5s)
    implements Event {
  public static final String SYSPHOTO = "pic_sysphoto";
  public static final String PHOTO_OR_ALBUM = "pic_photo_or_album";
  public static final String WEIXIN = "pic_weixin";

  public PicEvent {
    md5s = List.copyOf(md5s);
  }
}
