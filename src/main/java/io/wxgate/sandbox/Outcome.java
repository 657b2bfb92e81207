package io.wxgate.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wxgate.wechat.ErrCode;

/** What the sandbox answers to one API call, and what it records about it. */
record Outcome(
    String appId, int errcode, String errmsg, Long msgId, boolean duplicate, ObjectNode json) {

  static Outcome error(String appId, int errcode) {
    return error(appId, errcode, Answers.errmsg(errcode));
  }

  static Outcome error(String appId, int errcode, String errmsg) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("errcode", errcode);
    json.put("errmsg", errmsg);
    return new Outcome(appId, errcode, errmsg, null, false, json);
  }

  /** A token answer: WeChat sends no errcode with a token. */
  static Outcome token(String appId, TokenAuthority.Issued issued) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("access_token", issued.value());
    json.put("expires_in", issued.expiresIn());
    return new Outcome(appId, ErrCode.OK, "ok", null, false, json);
  }

  /**
   * A subscription notice accepted without a msgid in the answer (as WeChat may answer); {@code
   * msgId} is only recorded, for matching the receipt pushed later.
   */
  static Outcome notice(String appId, long msgId) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("errcode", ErrCode.OK);
    json.put("errmsg", "ok");
    return new Outcome(appId, ErrCode.OK, "ok", msgId, false, json);
  }

  /** A successful send answered with its msgid. */
  static Outcome sent(String appId, Long msgId, boolean duplicate) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("errcode", ErrCode.OK);
    json.put("errmsg", "ok");
    if (msgId != null) json.put("msgid", msgId);
    return new Outcome(appId, ErrCode.OK, "ok", msgId, duplicate, json);
  }
}
