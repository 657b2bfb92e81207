package io.wxgate.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wxgate.callback.CallbackPipeline;
import io.wxgate.callback.CallbackRejected;
import io.wxgate.callback.CallbackRequest;
import io.wxgate.callback.CallbackResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET|POST /wx/{appId}/callback} as a plain Jetty handler in front of Javalin: the one route
 * WeChat drives at volume skips the servlet and routing layers (most of the per-request cost in the
 * callback profile). Everything else passes through to Javalin. Errors go through the same {@link
 * ErrorMapper} as every other route; the trace id, timer and access line through the same {@link
 * RequestObserver}.
 */
final class CallbackHandler extends Handler.Wrapper {
  static final String PATH = "/wx/{appId}/callback";
  private static final String PREFIX = "/wx/";
  private static final String SUFFIX = "/callback";
  private static final HttpField JSON =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, "application/json");
  private static final HttpField XML =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, CallbackResponse.XML);
  private static final HttpField TEXT =
      new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, CallbackResponse.TEXT);

  private final CallbackPipeline pipeline;
  private final int maxBodyBytes;
  private final RequestObserver observer;
  private final ObjectMapper json;

  CallbackHandler(
      CallbackPipeline pipeline, int maxBodyBytes, RequestObserver observer, ObjectMapper json) {
    this.pipeline = pipeline;
    this.maxBodyBytes = maxBodyBytes;
    this.observer = observer;
    this.json = json;
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.BLOCKING; // the pipeline may wait for a handler or a sync webhook
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String appId = appId(request.getHttpURI().getDecodedPath());
    if (appId == null) return super.handle(request, response, callback);
    long start = System.nanoTime();
    String method = request.getMethod();
    String peer = Request.getRemoteAddr(request);
    String forwardedFor = request.getHeaders().get(RequestObserver.FORWARDED_FOR);
    RequestObserver.Observation o =
        observer.begin(method, request.getHeaders().get("traceparent"), peer, forwardedFor);
    response.getHeaders().put(RequestObserver.TRACE_HEADER, o.traceId());
    try {
      answer(appId, method, request, response, callback);
    } finally {
      observer.end(
          o, method, PATH, response.getStatus(), System.nanoTime() - start, peer, forwardedFor);
    }
    return true;
  }

  /** Writes the answer, or the mapped error. */
  private void answer(
      String appId, String method, Request request, Response response, Callback callback)
      throws JsonProcessingException {
    CallbackResponse answer;
    try {
      answer =
          switch (method) {
            case "POST" -> receive(appId, request);
            case "GET" -> new CallbackResponse(verify(appId, request), CallbackResponse.TEXT);
            default -> null;
          };
    } catch (Exception e) {
      ErrorMapper.Problem p = ErrorMapper.problem(e, method, PATH);
      write(response, p.status(), JSON, json.writeValueAsBytes(p.body()), callback);
      return;
    }
    if (answer == null) {
      var p = new ErrorMapper.Problem(405, "method_not_allowed", "use GET or POST");
      response.getHeaders().put(HttpHeader.ALLOW, "GET, POST");
      write(response, 405, JSON, json.writeValueAsBytes(p.body()), callback);
      return;
    }
    HttpField type =
        switch (answer.contentType()) {
          case CallbackResponse.XML -> XML;
          case CallbackResponse.TEXT -> TEXT;
          default -> new HttpField(HttpHeader.CONTENT_TYPE, answer.contentType());
        };
    write(response, 200, type, answer.body().getBytes(StandardCharsets.UTF_8), callback);
  }

  private static void write(
      Response response, int status, HttpField type, byte[] body, Callback callback) {
    response.setStatus(status);
    response.getHeaders().put(type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private String verify(String appId, Request request) {
    Map<String, String> query = query(request.getHttpURI().getQuery());
    return pipeline.verifyUrl(
        CallbackRequest.get(
            appId,
            query.get("signature"),
            query.get("timestamp"),
            query.get("nonce"),
            query.get("echostr")));
  }

  private CallbackResponse receive(String appId, Request request) throws IOException {
    Map<String, String> query = query(request.getHttpURI().getQuery());
    String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    CallbackRequest head =
        new CallbackRequest(
            appId,
            query.get("signature"),
            query.get("timestamp"),
            query.get("nonce"),
            null,
            query.get("encrypt_type"),
            query.get("msg_signature"),
            contentType,
            null);
    String body = readBody(request, head);
    return pipeline.handle(
        new CallbackRequest(
            appId,
            head.signature(),
            head.timestamp(),
            head.nonce(),
            null,
            head.encryptType(),
            head.msgSignature(),
            contentType,
            body));
  }

  /** The appId of {@code /wx/{appId}/callback}, or null when the path is anything else. */
  static String appId(String path) {
    if (path == null
        || !path.startsWith(PREFIX)
        || !path.endsWith(SUFFIX)
        || path.length() <= PREFIX.length() + SUFFIX.length()) return null;
    String appId = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    return appId.indexOf('/') >= 0 ? null : appId;
  }

  /**
   * The first value of each query parameter. A general parser showed up in the callback profile;
   * WeChat's parameters are few and plain, so this decodes only when it must.
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
  private String readBody(Request request, CallbackRequest head) throws IOException {
    long declared = request.getLength();
    if (declared > maxBodyBytes) throw tooLarge(head);
    try (InputStream in = Content.Source.asInputStream(request)) {
      if (declared >= 0) {
        // the usual case: exactly the declared length (Jetty holds the body to it), one buffer
        return new String(in.readNBytes((int) declared), StandardCharsets.UTF_8);
      }
      byte[] bytes = in.readNBytes(maxBodyBytes + 1);
      if (bytes.length > maxBodyBytes) throw tooLarge(head);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private CallbackRejected tooLarge(CallbackRequest head) {
    CallbackRejected e =
        new CallbackRejected(
            CallbackRejected.Reason.BODY_TOO_LARGE, "body exceeds " + maxBodyBytes + " bytes");
    pipeline.rejected(head, e);
    return e;
  }
}
