package io.wxgate.wechat;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The header every push carries, plus every element of the push as {@code fields}: nested elements
 * keyed by slash path ({@code ScanCodeInfo/ScanType}), list items indexed from 1 ({@code
 * SendPicsInfo/PicList/item[1]/PicMd5Sum}), in document order. The map is an unmodifiable copy.
 *
 * @param toUserName the account's original id ({@code gh_…})
 * @param fromUserName the sender's OpenID
 * @param createTime Unix seconds
 * @param msgType {@code text}, {@code event}, …
 */
public record Header(
    String toUserName,
    String fromUserName,
    long createTime,
    String msgType,
    Map<String, String> fields) {
  public Header {
    Objects.requireNonNull(toUserName, "toUserName");
    Objects.requireNonNull(fromUserName, "fromUserName");
    Objects.requireNonNull(msgType, "msgType");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }
}
