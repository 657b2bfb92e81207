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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes {@code TEMPLATESENDJOBFINISH} to the gateway after each template send, asynchronously and
 * a little later, as WeChat does; in the account's mode (safe mode for accounts with an AES key).
 * Each push is recorded under api {@code receipt}. One attempt per receipt.
 */
final class Receipts implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Receipts.class);

  private final Map<String, Account> accounts;
  private final String callbackUrl;
  private final Duration delay;
  private final CallbackClient client;
  private final RequestLog requests;
  private final InstantSource clock;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  Receipts(
      Map<String, Account> accounts,
      String callbackUrl,
      Duration delay,
      CallbackClient client,
      RequestLog requests,
      InstantSource clock) {
    this.accounts = accounts;
    this.callbackUrl = callbackUrl;
    this.delay = delay;
    this.client = client;
    this.requests = requests;
    this.clock = clock;
  }

  void templateFinished(String appId, String openId, long msgId, String status) {
    try {
      executor.execute(() -> push(accounts.get(appId), openId, msgId, status));
    } catch (RejectedExecutionException closing) {
      // the sandbox is closing; WeChat would not push after going away either
    }
  }

  private void push(Account account, String openId, long msgId, String status) {
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      return;
    }
    Instant now = clock.instant();
    String xml =
        InboundXml.templateSendJobFinish(
            Sandbox.originalId(account.appId()), openId, now.getEpochSecond(), msgId, status);
    Account.Mode mode = account.aesKey() == null ? Account.Mode.PLAINTEXT : account.mode();
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
  }

  @Override
  public void close() {
    executor.shutdownNow();
    client.close();
  }
}
