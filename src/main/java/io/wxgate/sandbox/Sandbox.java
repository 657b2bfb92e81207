package io.wxgate.sandbox;

import io.javalin.Javalin;
import io.wxgate.config.Account;
import io.wxgate.config.SandboxConfig;
import io.wxgate.config.SandboxConfig.Faults;
import io.wxgate.wechat.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated WeChat API server (see the package doc). Start it, point a {@code WechatApi} at
 * {@link #baseUrl()}, and inspect what it received with {@link #requests} and {@link #stats}.
 * Thread-safe; request handling runs on virtual threads, so injected latency costs no platform
 * threads.
 */
public final class Sandbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Sandbox.class);

  private final SandboxConfig config;
  private final FaultInjector faults;
  private final RequestLog requests = new RequestLog();
  private final Receipts receipts;
  private final Javalin app;

  /** A sandbox on the system clock; call {@link #start()}. */
  public Sandbox(SandboxConfig config) {
    this(config, InstantSource.system());
  }

  /** A sandbox whose tokens, quotas and de-duplication windows follow {@code clock}. */
  public Sandbox(SandboxConfig config, InstantSource clock) {
    this.config = config;
    Map<String, Account> accounts = new LinkedHashMap<>();
    for (Account account : config.accounts()) accounts.put(account.appId(), account);
    this.faults = new FaultInjector(config.faults());
    Quotas quotas = new Quotas(clock);
    TokenAuthority tokens = new TokenAuthority(clock, new SecureRandom());
    this.receipts =
        new Receipts(
            accounts,
            config.callbackUrl(),
            config.receiptDelay(),
            config.receiptRetries(),
            new CallbackClient(config.receiptTimeout(), clock),
            requests,
            clock);
    ApiCalls calls = new ApiCalls(faults, requests, clock);
    TokenEndpoints tokenApi = new TokenEndpoints(accounts, tokens, faults, quotas);
    SendEndpoints sendApi =
        new SendEndpoints(
            tokens,
            faults,
            quotas,
            receipts,
            clock,
            config.templateIds(),
            config.openIds(),
            config.bizsendAnswersMsgId());
    AdminEndpoints admin = new AdminEndpoints(faults, requests);
    this.app =
        Javalin.create(
            cfg -> {
              cfg.concurrency.useVirtualThreads = true;
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.routes.get("/cgi-bin/token", ctx -> calls.handle(ctx, "token", tokenApi::token));
              cfg.routes.post(
                  "/cgi-bin/stable_token",
                  ctx -> calls.handle(ctx, "stable_token", tokenApi::stableToken));
              cfg.routes.post(
                  "/cgi-bin/message/template/send",
                  ctx -> calls.handle(ctx, "template", sendApi::template));
              cfg.routes.post(
                  "/cgi-bin/message/subscribe/bizsend",
                  ctx -> calls.handle(ctx, "bizsend", sendApi::bizsend));
              cfg.routes.get("/sandbox/faults", admin::getFaults);
              cfg.routes.post("/sandbox/faults", admin::postFaults);
              cfg.routes.get("/sandbox/requests", admin::getRequests);
              cfg.routes.delete("/sandbox/requests", admin::deleteRequests);
              cfg.routes.get("/sandbox/stats", admin::getStats);
            });
  }

  /** Builds and starts a sandbox on the system clock. */
  public static Sandbox start(SandboxConfig config) {
    return new Sandbox(config).start();
  }

  /** Starts listening on the configured host and port (0: a free port, see {@link #port()}). */
  public Sandbox start() {
    app.start(config.host(), config.port());
    log.info(
        "WeChat sandbox listening on {} for {}",
        baseUrl(),
        config.accounts().stream().map(Account::appId).toList());
    return this;
  }

  public int port() {
    return app.port();
  }

  /** Where a {@code WechatApi} should send its calls, e.g. {@code http://127.0.0.1:41234}. */
  public URI baseUrl() {
    return URI.create("http://" + config.host() + ":" + port());
  }

  /**
   * The fixed demo account {@code wxgate serve} uses without real credentials: AppID {@code
   * wxd3e0a0d3e0a0d3e0}, AppSecret {@code 5ec2e75ec2e75ec2e75ec2e75ec2e75e}, Token {@code
   * wxgatedemo}, EncodingAESKey {@code mm99Q2nleexFl3DOSQgGDCsJxCE4zNdq36OpTMlj1Fg}, safe mode.
   * These are public; never use them for a real account.
   */
  public static Account demoAccount() {
    return new Account(
        "wxd3e0a0d3e0a0d3e0",
        Secret.of("5ec2e75ec2e75ec2e75ec2e75ec2e75e"),
        Secret.of("wxgatedemo"),
        Secret.of("mm99Q2nleexFl3DOSQgGDCsJxCE4zNdq36OpTMlj1Fg"),
        null,
        Account.Mode.SAFE);
  }

  /**
   * The original id ({@code gh_…}) the sandbox gives an AppID: the {@code ToUserName} of every push
   * it sends for that account.
   */
  public static String originalId(String appId) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(appId.getBytes(StandardCharsets.UTF_8));
      return "gh_" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }

  /** Where pushes for this AppID go: the configured callback URL with {@code {appId}} filled in. */
  public String callbackUrl(String appId) {
    return config.callbackUrl().replace("{appId}", appId);
  }

  public Faults faults() {
    return faults.current();
  }

  /** Replaces the injected faults (and restarts their random sequence from the new seed). */
  public void setFaults(Faults newFaults) {
    faults.replace(newFaults);
  }

  /**
   * Recorded calls, oldest first.
   *
   * @param api {@code token}, {@code stable_token}, {@code template}, {@code bizsend}, {@code
   *     receipt}, or null for all
   * @param appId an AppID, or null for all
   */
  public List<RecordedRequest> requests(String api, String appId) {
    return requests.find(api, appId);
  }

  /** Calls received per API (receipts pushed under {@code receipt}), every API listed. */
  public Map<String, Long> stats() {
    return requests.stats(null);
  }

  public Map<String, Long> stats(String appId) {
    return requests.stats(appId);
  }

  /** Forgets the recorded calls (tokens, quotas and de-duplication are kept). */
  public void clearRequests() {
    requests.clear();
  }

  @Override
  public void close() {
    faults.close();
    app.stop();
    receipts.close();
    log.info("WeChat sandbox stopped");
  }
}
