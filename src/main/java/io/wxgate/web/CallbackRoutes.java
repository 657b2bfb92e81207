package io.wxgate.web;

import io.javalin.http.Context;
import io.wxgate.callback.CallbackPipeline;
import io.wxgate.callback.CallbackRejected;
import io.wxgate.callback.CallbackRequest;
import io.wxgate.callback.CallbackResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** {@code GET|POST /wx/{appId}/callback}: HTTP in, {@link CallbackPipeline} does the rest. */
final class CallbackRoutes {
  static final String PATH = "/wx/{appId}/callback";

  private final CallbackPipeline pipeline;
  private final int maxBodyBytes;

  CallbackRoutes(CallbackPipeline pipeline, int maxBodyBytes) {
    this.pipeline = pipeline;
    this.maxBodyBytes = maxBodyBytes;
  }

  void verify(Context ctx) {
    String echo =
        pipeline.verifyUrl(
            CallbackRequest.get(
                ctx.pathParam("appId"),
                ctx.queryParam("signature"),
                ctx.queryParam("timestamp"),
                ctx.queryParam("nonce"),
                ctx.queryParam("echostr")));
    ctx.contentType(CallbackResponse.TEXT).result(echo);
  }

  void receive(Context ctx) throws IOException {
    Map<String, String> query = query(ctx.queryString());
    CallbackRequest request =
        new CallbackRequest(
            ctx.pathParam("appId"),
            query.get("signature"),
            query.get("timestamp"),
            query.get("nonce"),
            null,
            query.get("encrypt_type"),
            query.get("msg_signature"),
            ctx.header("Content-Type"),
            null);
    String body = readBody(ctx, request);
    CallbackResponse response =
        pipeline.handle(
            new CallbackRequest(
                request.appId(),
                request.signature(),
                request.timestamp(),
                request.nonce(),
                null,
                request.encryptType(),
                request.msgSignature(),
                request.contentType(),
                body));
    ctx.contentType(response.contentType()).result(response.body());
  }

  /**
   * The first value of each query parameter. Javalin's general parser showed up in the callback
   * profile; WeChat's parameters are few and plain, so this decodes only when it must.
   */
  static Map<String, String> query(String queryString) {
    Map<String, String> out = new HashMap<>(8);
    if (queryString == null || queryString.isEmpty()) return out;
    int start = 0;
    int n = queryString.length();
    while (start <= n) {
      int amp = queryString.indexOf('&', start);
      if (amp < 0) amp = n;
      int eq = queryString.indexOf('=', start);
      if (amp > start) {
        String key;
        String value;
        if (eq < 0 || eq > amp) {
          key = decode(queryString.substring(start, amp));
          value = "";
        } else {
          key = decode(queryString.substring(start, eq));
          value = decode(queryString.substring(eq + 1, amp));
        }
        out.putIfAbsent(key, value);
      }
      start = amp + 1;
    }
    return out;
  }

  private static String decode(String s) {
    if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a malformed escape: the signature check will refuse it
    }
  }

  /** Reads at most the limit, so an oversized body costs nothing but the bytes already sent. */
  private String readBody(Context ctx, CallbackRequest request) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBodyBytes) throw tooLarge(request);
    try (InputStream in = ctx.bodyInputStream()) {
      byte[] bytes = in.readNBytes(maxBodyBytes + 1);
      if (bytes.length > maxBodyBytes) throw tooLarge(request);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private CallbackRejected tooLarge(CallbackRequest request) {
    CallbackRejected e =
        new CallbackRejected(
            CallbackRejected.Reason.BODY_TOO_LARGE, "body exceeds " + maxBodyBytes + " bytes");
    pipeline.rejected(request, e);
    return e;
  }
}
