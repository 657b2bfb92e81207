package io.wxgate.web;

import io.javalin.http.Context;
import io.wxgate.callback.CallbackPipeline;
import io.wxgate.callback.CallbackRejected;
import io.wxgate.callback.CallbackRequest;
import io.wxgate.callback.CallbackResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

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
    CallbackRequest request =
        new CallbackRequest(
            ctx.pathParam("appId"),
            ctx.queryParam("signature"),
            ctx.queryParam("timestamp"),
            ctx.queryParam("nonce"),
            null,
            ctx.queryParam("encrypt_type"),
            ctx.queryParam("msg_signature"),
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
