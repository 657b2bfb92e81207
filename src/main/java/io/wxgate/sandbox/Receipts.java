package io.wxgate.sandbox;

import io.wxgate.WxgateException;
import io.wxgate.config.Account;
import io.wxgate.wechat.ErrCode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes delivery results to the gateway after each accepted send, asynchronously and a little
 * later, as WeChat does: {@code TEMPLATESENDJOBFINISH} for template messages, {@code
 * subscribe_msg_sent_event} for subscription notices; in the account's mode (safe mode for accounts
 * with an AES key). A push that gets no 2xx answer within the timeout is tried again, up to the
 * configured retries, with the same event (so the gateway can tell a retry from a new event). Each
 * try is recorded under api {@code receipt}.
 */
final class Receipts implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Receipts.class);

  private final Map<String, Account> accounts;

  /** The callback URL that turns receipts off (e.g. to measure sends alone). */
  static final String NONE = "none";

  private final String callbackUrl;
  private final Duration delay;
  private final int retries;
  private final CallbackClient client;
  private final RequestLog requests;
  private final InstantSource clock;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  /**
   * @param delay before the first push and between tries
   * @param retries how often a push without a 2xx answer is tried again
   * @param client pushes with WeChat's timeout per try
   */
  Receipts(
      Map<String, Account> accounts,
      String callbackUrl,
      Duration delay,
      int retries,
      CallbackClient client,
      RequestLog requests,
      InstantSource clock) {
    this.accounts = accounts;
    this.callbackUrl = callbackUrl;
    this.delay = delay;
    this.retries = retries;
    this.client = client;
    this.requests = requests;
    this.clock = clock;
  }

  void templateFinished(String appId, String openId, long msgId, String status) {
    schedule(
        appId,
        msgId,
        createTime ->
            InboundXml.templateSendJobFinish(
                Sandbox.originalId(appId), openId, createTime, msgId, status));
  }

  void subscriptionSent(String appId, String openId, String templateId, long msgId) {
    schedule(
        appId,
        msgId,
        createTime ->
            InboundXml.subscribeMsgSent(
                Sandbox.originalId(appId), openId, createTime, templateId, msgId, 0, "success"));
  }

  private void schedule(String appId, long msgId, LongFunction<String> event) {
    if (NONE.equals(callbackUrl)) return;
    try {
      executor.execute(() -> push(accounts.get(appId), msgId, event));
    } catch (RejectedExecutionException closing) {
      // the sandbox is closing; WeChat would not push after going away either
    }
  }

  private void push(Account account, long msgId, LongFunction<String> event) {
    if (!pause()) return;
    String xml = event.apply(clock.instant().getEpochSecond());
    Account.Mode mode = account.aesKey() == null ? Account.Mode.PLAINTEXT : account.mode();
    for (int attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0 && !pause()) return;
      if (tryPush(account, msgId, xml, mode)) return;
    }
    log.debug("receipt for msgid {} not taken after {} tries; giving up", msgId, retries + 1);
  }

  /** Pushes once and records it; true when the gateway answered 2xx. */
  private boolean tryPush(Account account, long msgId, String xml, Account.Mode mode) {
    Instant now = clock.instant();
    int errcode = ErrCode.OK;
    String outcome;
    try {
      CallbackClient.Response response = client.push(callbackUrl, account, xml, mode);
      outcome = "HTTP " + response.status();
      if (response.status() / 100 != 2) errcode = ErrCode.SYSTEM_BUSY;
    } catch (WxgateException e) {
      errcode = ErrCode.SYSTEM_BUSY;
      outcome = e.getMessage();
      log.debug("receipt for msgid {} not delivered: {}", msgId, outcome);
    }
    requests.add(
        "receipt", account.appId(), now, "mode=" + mode, xml, errcode, outcome, msgId, false);
    return errcode == ErrCode.OK;
  }

  /** Waits the delay; false when the sandbox is closing. */
  private boolean pause() {
    try {
      Thread.sleep(delay);
      return true;
    } catch (InterruptedException e) {
      return false;
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    client.close();
  }
}
