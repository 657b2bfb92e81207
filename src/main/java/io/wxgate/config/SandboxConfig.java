package io.wxgate.config;

import io.wxgate.wechat.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in WeChat sandbox: where it listens, which accounts it knows, where it pushes
 * callbacks, and which faults it injects.
 *
 * @param host interface to bind; default {@code 127.0.0.1}
 * @param port port to listen on; 0 picks a free one
 * @param accounts the Official Accounts it simulates; must not be empty
 * @param callbackUrl where receipts and pushed messages go; {@code {appId}} is replaced; default
 *     {@code http://127.0.0.1:8080/wx/{appId}/callback}
 * @param faults faults injected from the start; default none, WeChat's daily quota
 * @param templateIds the only template ids it knows; null (default) knows every id except those
 *     that start with {@code bad_}
 * @param openIds the only openids it knows; null (default) knows every openid except those that
 *     start with {@code bad_}
 * @param receiptDelay how long after a send its receipt is pushed, and between tries of a receipt
 *     push; default 200 ms (WeChat takes seconds; zero is allowed)
 * @param receiptTimeout how long one receipt push waits for the gateway's answer; default 5 s, as
 *     WeChat
 * @param receiptRetries how often a receipt push that got no 2xx answer is tried again; default 3,
 *     as WeChat (null takes the default)
 * @param bizsendAnswersMsgId whether {@code bizsend} answers with the msgid its {@code
 *     subscribe_msg_sent_event} carries; default false (WeChat's answer may lack it)
 */
public record SandboxConfig(
    String host,
    int port,
    List<Account> accounts,
    String callbackUrl,
    Faults faults,
    Set<String> templateIds,
    Set<String> openIds,
    Duration receiptDelay,
    Duration receiptTimeout,
    Integer receiptRetries,
    boolean bizsendAnswersMsgId) {
  public static final String DEFAULT_CALLBACK = "http://127.0.0.1:8080/wx/{appId}/callback";

  /** Receipts pushed with WeChat's timeout and retries; bizsend answers without a msgid. */
  public SandboxConfig(
      String host,
      int port,
      List<Account> accounts,
      String callbackUrl,
      Faults faults,
      Set<String> templateIds,
      Set<String> openIds,
      Duration receiptDelay) {
    this(
        host,
        port,
        accounts,
        callbackUrl,
        faults,
        templateIds,
        openIds,
        receiptDelay,
        null,
        null,
        false);
  }

  public SandboxConfig {
    if (host == null || host.isBlank()) host = "127.0.0.1";
    if (port < 0 || port > 65535) throw new IllegalArgumentException("sandbox.port: " + port);
    if (accounts == null || accounts.isEmpty()) {
      throw new IllegalArgumentException("sandbox.accounts: at least one account is required");
    }
    accounts = List.copyOf(accounts);
    for (Account account : accounts) {
      if (account.appId() == null || account.secret() == null || account.token() == null) {
        throw new IllegalArgumentException(
            "sandbox.accounts: appId, secret and token are required (" + account.appId() + ")");
      }
    }
    if (callbackUrl == null || callbackUrl.isBlank()) callbackUrl = DEFAULT_CALLBACK;
    if (faults == null) faults = Faults.NONE;
    templateIds = templateIds == null ? null : Set.copyOf(templateIds);
    openIds = openIds == null ? null : Set.copyOf(openIds);
    if (receiptDelay == null) receiptDelay = Duration.ofMillis(200);
    if (receiptDelay.isNegative()) {
      throw new IllegalArgumentException("sandbox.receiptDelay must be >= 0: " + receiptDelay);
    }
    if (receiptTimeout == null) receiptTimeout = Duration.ofSeconds(5);
    if (receiptTimeout.isNegative() || receiptTimeout.isZero()) {
      throw new IllegalArgumentException("sandbox.receiptTimeout must be > 0: " + receiptTimeout);
    }
    if (receiptRetries == null) receiptRetries = 3;
    if (receiptRetries < 0) {
      throw new IllegalArgumentException("sandbox.receiptRetries must be >= 0: " + receiptRetries);
    }
  }

  /** A sandbox on a random port for these accounts, everything else default. */
  public static SandboxConfig of(Account... accounts) {
    return new SandboxConfig(null, 0, List.of(accounts), null, null, null, null, null);
  }

  public SandboxConfig withPort(int newPort) {
    return new SandboxConfig(
        host,
        newPort,
        accounts,
        callbackUrl,
        faults,
        templateIds,
        openIds,
        receiptDelay,
        receiptTimeout,
        receiptRetries,
        bizsendAnswersMsgId);
  }

  public SandboxConfig withCallbackUrl(String url) {
    return new SandboxConfig(
        host,
        port,
        accounts,
        url,
        faults,
        templateIds,
        openIds,
        receiptDelay,
        receiptTimeout,
        receiptRetries,
        bizsendAnswersMsgId);
  }

  public SandboxConfig withFaults(Faults newFaults) {
    return new SandboxConfig(
        host,
        port,
        accounts,
        callbackUrl,
        newFaults,
        templateIds,
        openIds,
        receiptDelay,
        receiptTimeout,
        receiptRetries,
        bizsendAnswersMsgId);
  }

  public SandboxConfig withReceiptDelay(Duration delay) {
    return new SandboxConfig(
        host,
        port,
        accounts,
        callbackUrl,
        faults,
        templateIds,
        openIds,
        delay,
        receiptTimeout,
        receiptRetries,
        bizsendAnswersMsgId);
  }

  /**
   * Each receipt push waits {@code timeout} for an answer and is tried {@code retries} more times.
   */
  public SandboxConfig withReceiptRetries(int retries, Duration timeout) {
    return new SandboxConfig(
        host,
        port,
        accounts,
        callbackUrl,
        faults,
        templateIds,
        openIds,
        receiptDelay,
        timeout,
        retries,
        bizsendAnswersMsgId);
  }

  public SandboxConfig withBizsendAnswersMsgId(boolean answers) {
    return new SandboxConfig(
        host,
        port,
        accounts,
        callbackUrl,
        faults,
        templateIds,
        openIds,
        receiptDelay,
        receiptTimeout,
        receiptRetries,
        answers);
  }

  public SandboxConfig withKnown(Set<String> newTemplateIds, Set<String> newOpenIds) {
    return new SandboxConfig(
        host,
        port,
        accounts,
        callbackUrl,
        faults,
        newTemplateIds,
        newOpenIds,
        receiptDelay,
        receiptTimeout,
        receiptRetries,
        bizsendAnswersMsgId);
  }

  /**
   * Parses {@code APPID:SECRET:TOKEN:AESKEY} (AESKEY optional: without it the account is in
   * plaintext mode, with it in safe mode).
   */
  public static Account parseAccount(String spec) {
    String[] parts = spec == null ? new String[0] : spec.split(":", -1);
    if (parts.length < 3 || parts.length > 4) {
      throw new IllegalArgumentException(
          "sandbox account must be APPID:SECRET:TOKEN[:AESKEY], got " + parts.length + " fields");
    }
    for (String part : parts) {
      if (part.isBlank()) throw new IllegalArgumentException("sandbox account has an empty field");
    }
    if (parts.length == 4 && !parts[3].matches("[A-Za-z0-9]{43}")) {
      throw new IllegalArgumentException("sandbox account AESKEY must be 43 letters and digits");
    }
    Secret aesKey = parts.length == 4 ? Secret.of(parts[3]) : null;
    return new Account(
        parts[0],
        Secret.of(parts[1]),
        Secret.of(parts[2]),
        aesKey,
        null,
        aesKey == null ? Account.Mode.PLAINTEXT : Account.Mode.SAFE);
  }

  /**
   * Faults injected into API calls. Each call to an API in {@code apis} first waits a latency drawn
   * uniformly from {@code [latencyMinMs, latencyMaxMs]}, then hangs for {@code hangMs} with
   * probability {@code hangRate} (answering -1 afterwards), then answers the HTTP error drawn from
   * {@code httpErrorRates} with an HTML body (as a proxy in front of WeChat would, before any
   * check), then answers the errcode drawn from {@code errorRates} (errcode → probability, summing
   * to at most 1) if its real checks passed.
   *
   * @param errorRates errcode → probability; default none
   * @param latencyMinMs least added latency; default 0
   * @param latencyMaxMs most added latency; below {@code latencyMinMs} means fixed latency
   * @param hangRate probability of a hang; default 0
   * @param hangMs how long a hang lasts; default 60000 (past any sane client timeout)
   * @param dailyQuota successful sends per AppID and API per day (China time) before 45009; default
   *     100000, WeChat's template quota
   * @param apis which APIs the faults apply to: {@code token}, {@code stable_token}, {@code
   *     template}, {@code bizsend}; default template and bizsend (the quota always applies to
   *     sends)
   * @param seed random seed for reproducible fault sequences; null picks one
   * @param httpErrorRates HTTP status (500–599) → probability, summing to at most 1; default none
   */
  public record Faults(
      Map<Integer, Double> errorRates,
      long latencyMinMs,
      long latencyMaxMs,
      double hangRate,
      Long hangMs,
      Long dailyQuota,
      Set<String> apis,
      Long seed,
      Map<Integer, Double> httpErrorRates) {
    public static final Set<String> ALL_APIS =
        Set.of("token", "stable_token", "template", "bizsend");
    public static final Faults NONE = new Faults(null, 0, 0, 0, null, null, null, null);

    /** Faults without HTTP errors. */
    public Faults(
        Map<Integer, Double> errorRates,
        long latencyMinMs,
        long latencyMaxMs,
        double hangRate,
        Long hangMs,
        Long dailyQuota,
        Set<String> apis,
        Long seed) {
      this(errorRates, latencyMinMs, latencyMaxMs, hangRate, hangMs, dailyQuota, apis, seed, null);
    }

    public Faults {
      List<String> problems = new ArrayList<>();
      errorRates = rates("errorRates", errorRates, problems);
      for (Integer errcode : errorRates.keySet()) {
        if (errcode == 0) problems.add("errorRates: errcode 0");
      }
      httpErrorRates = rates("httpErrorRates", httpErrorRates, problems);
      for (Integer status : httpErrorRates.keySet()) {
        if (status < 500 || status > 599) {
          problems.add("httpErrorRates: " + status + " is not an HTTP 5xx status");
        }
      }
      if (latencyMinMs < 0) problems.add("latencyMinMs must be >= 0");
      latencyMaxMs = Math.max(latencyMinMs, latencyMaxMs);
      if (hangRate < 0 || hangRate > 1) problems.add("hangRate must be in [0, 1]");
      if (hangMs == null) hangMs = 60_000L;
      if (hangMs < 0) problems.add("hangMs must be >= 0");
      if (dailyQuota == null) dailyQuota = 100_000L;
      if (dailyQuota < 0) problems.add("dailyQuota must be >= 0");
      apis = apis == null ? Set.of("template", "bizsend") : Set.copyOf(apis);
      if (!ALL_APIS.containsAll(apis)) problems.add("apis must be among " + ALL_APIS);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("sandbox.faults: " + String.join("; ", problems));
      }
    }

    private static Map<Integer, Double> rates(
        String name, Map<Integer, Double> given, List<String> problems) {
      if (given == null) return Map.of();
      double sum = 0;
      Map<Integer, Double> valid = new LinkedHashMap<>();
      for (var rate : given.entrySet()) {
        if (rate.getKey() == null) {
          problems.add(name + ": a key is missing");
        } else if (rate.getValue() == null || rate.getValue() < 0 || rate.getValue() > 1) {
          problems.add(name + "." + rate.getKey() + " must be in [0, 1]");
        } else {
          sum += rate.getValue();
          valid.put(rate.getKey(), rate.getValue());
        }
      }
      if (sum > 1.0000001) problems.add(name + " must sum to at most 1, got " + sum);
      return Map.copyOf(valid);
    }
  }
}
