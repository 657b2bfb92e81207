package io.wxgate.callback;

import io.micrometer.core.instrument.MeterRegistry;
import io.wxgate.config.Account;
import io.wxgate.config.CallbackConfig;
import io.wxgate.state.DedupStore;
import io.wxgate.wechat.InboundMessage;
import io.wxgate.wechat.Reply;
import io.wxgate.wechat.SubscribeMsgSentEvent;
import io.wxgate.wechat.SubscriptionSentItem;
import io.wxgate.wechat.TemplateSendJobFinishEvent;
import io.wxgate.wechat.crypto.CryptoException;
import io.wxgate.wechat.crypto.MessageCrypt;
import io.wxgate.wechat.crypto.Signature;
import io.wxgate.wechat.xml.XmlCodec;
import io.wxgate.wechat.xml.XmlException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The inbound pipeline: verify → decrypt → parse → de-duplicate → route → reply → encrypt. Strings
 * in, a response out; no HTTP types. Thread-safe.
 *
 * <p>Every refusal throws {@link CallbackRejected} before anything reaches a handler or the dedup
 * store. Business failures never do: a handler that throws or misses the deadline yields {@code
 * success}, because WeChat shows users an error notice for anything else. The exception is a push
 * wxgate could not keep: a handler that throws {@link CallbackUnavailable} (its durable store is
 * down) or a receipt the outbox could not record. Then the push is forgotten by the dedup store and
 * the exception goes on to the caller (a 5xx), so WeChat's retry is processed again instead of
 * being answered as a duplicate.
 */
public final class CallbackPipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CallbackPipeline.class);
  private static final Duration MAX_ANSWER_TTL = Duration.ofSeconds(30);

  private final CallbackConfig config;
  private final Map<String, AccountCrypt> accounts;
  private final XmlCodec xml;
  private final DedupStore dedup;
  private final Router router;
  private final ReceiptSink receipts;
  private final InstantSource clock;
  private final CallbackMeters meters;
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
  private final long windowSeconds;
  private final Duration answerTtl;

  public CallbackPipeline(
      CallbackConfig config,
      List<Account> accounts,
      XmlCodec xml,
      DedupStore dedup,
      Router router,
      ReceiptSink receipts,
      InstantSource clock,
      MeterRegistry registry) {
    this.config = config;
    this.xml = xml;
    this.dedup = dedup;
    this.router = router;
    this.receipts = receipts;
    this.clock = clock;
    this.meters = new CallbackMeters(registry);
    this.windowSeconds = config.timestampWindow().toSeconds();
    // WeChat retries within ~15 s (three 5 s timeouts); answers are kept a little longer than
    // that, claims for the whole dedup window
    this.answerTtl =
        config.dedupTtl().compareTo(MAX_ANSWER_TTL) < 0 ? config.dedupTtl() : MAX_ANSWER_TTL;
    Map<String, AccountCrypt> byId = new HashMap<>();
    for (Account a : accounts) {
      MessageCrypt crypt =
          a.aesKey() == null ? null : new MessageCrypt(a.appId(), a.aesKey(), a.previousAesKey());
      byId.put(a.appId(), new AccountCrypt(a, crypt));
    }
    this.accounts = Map.copyOf(byId);
  }

  /** URL verification (GET): returns {@code echostr} when the signature is right. */
  public String verifyUrl(CallbackRequest request) {
    try {
      return verified(request);
    } catch (CallbackRejected e) {
      rejected(request, e);
      throw e;
    }
  }

  /** A message or event push (POST). */
  public CallbackResponse handle(CallbackRequest request) {
    try {
      return handled(request);
    } catch (CallbackRejected e) {
      rejected(request, e);
      throw e;
    }
  }

  /** Counts and logs a refusal made before the pipeline ran (e.g. an oversized body). */
  public void rejected(CallbackRequest request, CallbackRejected e) {
    meters.rejected(e.reason());
    if (log.isInfoEnabled()) {
      log.info(
          "callback rejected app={} reason={} detail={}",
          printable(request.appId()),
          e.reason().code(),
          e.getMessage());
    }
  }

  /** The path's appId is attacker-controlled: keep log lines short and single-line. */
  private static String printable(String appId) {
    if (appId == null) return "-";
    String s = appId.length() > 64 ? appId.substring(0, 64) + "…" : appId;
    return s.replaceAll("[^A-Za-z0-9_.-]", "?");
  }

  private String verified(CallbackRequest request) {
    AccountCrypt account = account(request.appId());
    requireParameters(request);
    if (request.echostr() == null) reject(CallbackRejected.Reason.MISSING_PARAMETER, "echostr");
    checkSignature(account, request);
    return request.echostr();
  }

  private CallbackResponse handled(CallbackRequest request) {
    AccountCrypt account = account(request.appId());
    requireParameters(request);
    checkContentType(request.contentType());
    String body = request.body() == null ? "" : request.body();
    if (utf8Length(body, config.maxBodyBytes()) > config.maxBodyBytes()) {
      reject(CallbackRejected.Reason.BODY_TOO_LARGE, "body exceeds " + config.maxBodyBytes());
    }
    checkTimestamp(request.timestamp());
    checkSignature(account, request);

    boolean encrypted = isEncrypted(request.encryptType());
    MessageCrypt.Decrypted decrypted = null;
    String plainXml = body;
    if (encrypted) {
      if (account.crypt() == null) {
        reject(CallbackRejected.Reason.NOT_CONFIGURED_FOR_ENCRYPTION, "no aesKey for this app");
      }
      if (request.msgSignature() == null) {
        reject(CallbackRejected.Reason.MISSING_PARAMETER, "msg_signature");
      }
      String encrypt = envelope(body);
      if (!Signature.verify(
          request.msgSignature(),
          account.account().token().reveal(),
          request.timestamp(),
          request.nonce(),
          encrypt)) {
        reject(CallbackRejected.Reason.BAD_SIGNATURE, "msg_signature does not match");
      }
      decrypted = decrypt(account.crypt(), encrypt);
      plainXml = decrypted.xml();
    }
    InboundMessage message = parse(plainXml);
    (encrypted ? meters.acceptedEncrypted : meters.acceptedPlain).increment();

    String key = config.dedupEnabled() ? request.appId() + '|' + message.dedupKey() : null;
    if (key != null && !dedup.claim(key, config.dedupTtl())) {
      meters.duplicates.increment();
      // the first answer is kept in plaintext (a third of the envelope's size) and re-encrypted
      // for this retry's own timestamp and nonce
      Optional<String> first = dedup.answer(key);
      return first.isEmpty()
          ? CallbackResponse.SUCCESS
          : answer(account, request, decrypted, first.get());
    }
    try {
      passReceipts(request.appId(), message);
      Optional<Reply> reply = dispatch(request.appId(), message);
      if (reply.isEmpty()) return CallbackResponse.SUCCESS;
      String plain =
          xml.render(
              reply.get(),
              message.fromUserName(),
              message.toUserName(),
              clock.instant().getEpochSecond());
      if (key != null) dedup.rememberAnswer(key, plain, answerTtl);
      return answer(account, request, decrypted, plain);
    } catch (RuntimeException e) {
      // WeChat gets an error and retries: the retry must be processed, not dropped as a duplicate
      meters.failed.increment();
      if (key != null) forget(key);
      throw e;
    }
  }

  private void forget(String key) {
    try {
      dedup.release(key);
    } catch (RuntimeException e) {
      log.warn("cannot release dedup key after a failed push: {}", e.toString());
    }
  }

  private void passReceipts(String appId, InboundMessage message) {
    switch (message) {
      case TemplateSendJobFinishEvent r -> receipts.sendFinished(appId, r.msgId(), r.status());
      case SubscribeMsgSentEvent s -> {
        for (SubscriptionSentItem item : s.items()) {
          Long msgId = parseMsgId(item.msgId());
          if (msgId == null) {
            log.info("subscribe_msg_sent_event for app {} without a usable MsgID", appId);
            continue;
          }
          receipts.sendFinished(appId, msgId, subscriptionStatus(item));
        }
      }
      default -> {}
    }
  }

  private static Long parseMsgId(String text) {
    if (text == null) return null;
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The receipt status of a subscription notice: see {@link ReceiptSink#sendFinished}. */
  private static String subscriptionStatus(SubscriptionSentItem item) {
    if (item.errorCode() == 0) return "success";
    String status = item.errorStatus() == null ? "" : item.errorStatus().strip();
    return ("failed:" + item.errorCode() + " " + status).strip();
  }

  private CallbackResponse answer(
      AccountCrypt account,
      CallbackRequest request,
      MessageCrypt.Decrypted decrypted,
      String plainReply) {
    if (decrypted == null) return CallbackResponse.of(plainReply);
    String encrypt = account.crypt().encryptWith(decrypted.usedPreviousKey(), plainReply);
    String signature =
        Signature.sign(
            account.account().token().reveal(), request.timestamp(), request.nonce(), encrypt);
    return CallbackResponse.of(
        xml.renderEncrypted(encrypt, signature, request.timestamp(), request.nonce()));
  }

  private Optional<Reply> dispatch(String appId, InboundMessage message) {
    Optional<Router.Match> match = router.match(appId, message);
    if (match.isEmpty()) return Optional.empty();
    MessageHandler handler = match.get().handler();
    long start = System.nanoTime();
    if (match.get().inline()) {
      Optional<Reply> reply = handler.handle(appId, message);
      meters.handler.record(System.nanoTime() - start, nanos());
      return reply;
    }
    Map<String, String> logContext = MDC.getCopyOfContextMap();
    CompletableFuture<Optional<Reply>> future =
        CompletableFuture.supplyAsync(
            () -> {
              if (logContext != null) MDC.setContextMap(logContext);
              return handler.handle(appId, message);
            },
            handlers);
    try {
      return future.get(config.handlerDeadline().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      meters.deadlineMisses.increment();
      log.warn(
          "handler missed the {} ms deadline for app {} {}; answered success",
          config.handlerDeadline().toMillis(),
          appId,
          message.msgType());
      future.whenComplete(
          (r, t) -> {
            meters.handler.record(System.nanoTime() - start, nanos());
            Throwable cause = t instanceof CompletionException c ? c.getCause() : t;
            if (cause instanceof CallbackUnavailable late) {
              // too late to make WeChat retry: say so where an operator looks
              log.error(
                  "handler for app {} {} could not keep the push after WeChat got success: {}",
                  appId,
                  message.msgType(),
                  late.getMessage());
            }
          });
      return Optional.empty();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CallbackUnavailable unavailable) throw unavailable;
      meters.handlerErrors.increment();
      log.error(
          "handler failed for app {} {}; answered success", appId, message.msgType(), e.getCause());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (future.isDone()) meters.handler.record(System.nanoTime() - start, nanos());
    }
  }

  private static TimeUnit nanos() {
    return TimeUnit.NANOSECONDS;
  }

  private AccountCrypt account(String appId) {
    AccountCrypt account = appId == null ? null : accounts.get(appId);
    if (account == null) reject(CallbackRejected.Reason.UNKNOWN_APP, "unknown appId");
    return account;
  }

  private void requireParameters(CallbackRequest r) {
    if (r.signature() == null) reject(CallbackRejected.Reason.MISSING_PARAMETER, "signature");
    if (r.timestamp() == null) reject(CallbackRejected.Reason.MISSING_PARAMETER, "timestamp");
    if (r.nonce() == null) reject(CallbackRejected.Reason.MISSING_PARAMETER, "nonce");
  }

  private void checkSignature(AccountCrypt account, CallbackRequest r) {
    if (!Signature.verify(
        r.signature(), account.account().token().reveal(), r.timestamp(), r.nonce())) {
      reject(CallbackRejected.Reason.BAD_SIGNATURE, "signature does not match");
    }
  }

  private void checkTimestamp(String timestamp) {
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      reject(CallbackRejected.Reason.BAD_TIMESTAMP, "timestamp is not a number");
      return;
    }
    long now = clock.instant().getEpochSecond();
    if (Math.abs(now - seconds) > windowSeconds) {
      reject(CallbackRejected.Reason.STALE_TIMESTAMP, "timestamp outside the freshness window");
    }
  }

  private static void checkContentType(String contentType) {
    if (contentType == null || contentType.isEmpty()) return;
    String type = contentType.toLowerCase(java.util.Locale.ROOT);
    if (type.contains("xml") || type.startsWith("text/plain")) return;
    reject(CallbackRejected.Reason.UNSUPPORTED_MEDIA_TYPE, "content type must be XML");
  }

  private static boolean isEncrypted(String encryptType) {
    if (encryptType == null || encryptType.isEmpty() || encryptType.equals("raw")) return false;
    if (encryptType.equals("aes")) return true;
    reject(CallbackRejected.Reason.UNSUPPORTED_ENCRYPTION, "encrypt_type must be aes or raw");
    return false;
  }

  private String envelope(String body) {
    String encrypt;
    try {
      encrypt = xml.parseEnvelope(body).encrypt();
    } catch (XmlException e) {
      throw xmlRejection(e);
    }
    if (encrypt == null || encrypt.isEmpty()) {
      reject(CallbackRejected.Reason.MALFORMED_XML, "Encrypt element is missing");
    }
    return encrypt;
  }

  private static MessageCrypt.Decrypted decrypt(MessageCrypt crypt, String encrypt) {
    try {
      return crypt.decrypt(encrypt);
    } catch (CryptoException e) {
      if (e.reason() == CryptoException.Reason.APPID_MISMATCH) {
        throw new CallbackRejected(
            CallbackRejected.Reason.APPID_MISMATCH, "ciphertext is for another appId");
      }
      throw new CallbackRejected(
          CallbackRejected.Reason.BAD_CIPHERTEXT, "cannot decrypt: " + e.reason());
    }
  }

  private InboundMessage parse(String plainXml) {
    try {
      return xml.parse(plainXml);
    } catch (XmlException e) {
      throw xmlRejection(e);
    }
  }

  private static CallbackRejected xmlRejection(XmlException e) {
    return switch (e.reason()) {
      case DOCTYPE_FORBIDDEN ->
          new CallbackRejected(CallbackRejected.Reason.FORBIDDEN_XML, "DOCTYPE is not allowed");
      case TOO_LARGE ->
          new CallbackRejected(
              CallbackRejected.Reason.BODY_TOO_LARGE, "XML exceeds the size limit");
      default ->
          new CallbackRejected(CallbackRejected.Reason.MALFORMED_XML, "bad XML: " + e.reason());
    };
  }

  private static long utf8Length(String s, int limit) {
    // a char is at most 3 UTF-8 bytes, so counting is only needed near the limit
    if (s.length() > limit || s.length() * 3L <= limit) return s.length();
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static void reject(CallbackRejected.Reason reason, String message) {
    throw new CallbackRejected(reason, message);
  }

  @Override
  public void close() {
    handlers.shutdown();
    try {
      if (!handlers.awaitTermination(config.handlerDeadline().toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("handlers still running at shutdown");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private record AccountCrypt(Account account, MessageCrypt crypt) {}
}
