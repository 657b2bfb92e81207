package io.wxgate.callback;

/**
 * One WeChat callback as the pipeline sees it: the path's appId, the query parameters WeChat signs,
 * the content type and the raw body (null for GET). Any parameter may be null when absent.
 */
public record CallbackRequest(
    String appId,
    String signature,
    String timestamp,
    String nonce,
    String echostr,
    String encryptType,
    String msgSignature,
    String contentType,
    String body) {

  public static CallbackRequest get(
      String appId, String signature, String timestamp, String nonce, String echostr) {
    return new CallbackRequest(appId, signature, timestamp, nonce, echostr, null, null, null, null);
  }
}
