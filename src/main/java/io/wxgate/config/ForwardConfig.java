package io.wxgate.config;

import io.wxgate.wechat.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Forwarding inbound messages and events to the business: named targets and the rules that choose
 * them. Targets are shared by every account; a rule's {@code appId} makes it per account.
 *
 * @param targets webhooks and brokers, by unique name (default none)
 * @param rules checked in file order, the first that matches an inbound message wins (default none)
 * @param batchSize deliveries one worker claims per round (default 50)
 * @param workers concurrent deliveries per worker, on virtual threads (default 16)
 * @param lease how long a claim holds a delivery before another instance may take it over (default
 *     60 s; must exceed every target's timeout)
 * @param pollInterval how long an idle worker waits before looking again (default 500 ms)
 * @param retryBase first backoff ceiling (default 1 s); doubles per attempt, full jitter
 * @param retryCap largest backoff ceiling (default 5 min)
 * @param shutdownTimeout how long close() lets in-flight deliveries finish (default 10 s)
 * @param retentionDays delivered rows older than this are deleted (default 7); DEAD rows are kept
 */
public record ForwardConfig(
    List<Target> targets,
    List<Rule> rules,
    int batchSize,
    int workers,
    Duration lease,
    Duration pollInterval,
    Duration retryBase,
    Duration retryCap,
    Duration shutdownTimeout,
    int retentionDays) {

  public ForwardConfig {
    targets = targets == null ? List.of() : List.copyOf(targets);
    rules = rules == null ? List.of() : List.copyOf(rules);
    if (batchSize == 0) batchSize = 50;
    if (workers == 0) workers = 16;
    if (lease == null) lease = Duration.ofSeconds(60);
    if (pollInterval == null) pollInterval = Duration.ofMillis(500);
    if (retryBase == null) retryBase = Duration.ofSeconds(1);
    if (retryCap == null) retryCap = Duration.ofMinutes(5);
    if (shutdownTimeout == null) shutdownTimeout = Duration.ofSeconds(10);
    if (retentionDays == 0) retentionDays = 7;
    if (retentionDays < 1) throw new IllegalArgumentException("forward.retentionDays must be >= 1");
    if (batchSize < 1) throw new IllegalArgumentException("forward.batchSize must be >= 1");
    if (workers < 1) throw new IllegalArgumentException("forward.workers must be >= 1");
    positive("forward.lease", lease);
    positive("forward.pollInterval", pollInterval);
    positive("forward.retryBase", retryBase);
    if (retryCap.compareTo(retryBase) < 0) {
      throw new IllegalArgumentException("forward.retryCap must be >= forward.retryBase");
    }
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("forward.shutdownTimeout must be >= 0");
    }
    Map<String, Target> byName = new HashMap<>();
    for (Target t : targets) {
      if (byName.put(t.name(), t) != null) {
        throw new IllegalArgumentException("forward.targets[" + t.name() + "] is defined twice");
      }
      if (t.timeout().compareTo(lease) >= 0) {
        throw new IllegalArgumentException(
            "forward.targets[" + t.name() + "].timeout must be below forward.lease");
      }
    }
    for (int i = 0; i < rules.size(); i++) {
      int syncTargets = 0;
      for (String name : rules.get(i).targets()) {
        Target t = byName.get(name);
        if (t == null) {
          throw new IllegalArgumentException(
              "forward.rules[" + i + "].targets names an unknown target: " + name);
        }
        if (t.kind() == Kind.SYNC) syncTargets++;
      }
      if (syncTargets > 1) {
        throw new IllegalArgumentException(
            "forward.rules[" + i + "].targets may name at most one sync target (one reply)");
      }
    }
  }

  /** No targets, no rules: nothing is forwarded. */
  public static ForwardConfig defaults() {
    return of(List.of(), List.of());
  }

  /** These targets and rules with every other setting at its default. */
  public static ForwardConfig of(List<Target> targets, List<Rule> rules) {
    return new ForwardConfig(targets, rules, 0, 0, null, null, null, null, null, 0);
  }

  /** The target with this name, or null. */
  public Target target(String name) {
    for (Target t : targets) {
      if (t.name().equals(name)) return t;
    }
    return null;
  }

  /** How a target receives events. */
  public enum Kind {
    /** HTTP POST within the callback deadline; its JSON answer becomes the passive reply. */
    SYNC,
    /** Durable, signed HTTP POST with retries; the answer is ignored beyond its status. */
    ASYNC,
    /** Durable publish to a RabbitMQ exchange with publisher confirms. */
    RABBITMQ;

    public static Kind parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "forward.targets[].kind must be sync, async or rabbitmq");
      }
    }
  }

  /**
   * One destination.
   *
   * @param name unique, used in rules, in the delivery table and as a metric tag (letters, digits,
   *     {@code _ - .}, at most 100)
   * @param url {@code http(s)://} for webhooks; {@code amqp(s)://user@host:port/vhost} for RabbitMQ
   * @param exchange RabbitMQ only: the exchange to publish to (must exist)
   * @param secret webhooks: the HMAC key deliveries are signed with (required); RabbitMQ: the
   *     password, overriding one in the URL (optional)
   * @param timeout one request or publish confirm (default 2 s for sync, 10 s otherwise); a sync
   *     target's timeout must stay below the callback deadline
   * @param maxAttempts attempts before a delivery is dead-lettered (default 12)
   * @param ordered deliver a user's events to this target one at a time, in arrival order
   */
  public record Target(
      String name,
      Kind kind,
      URI url,
      String exchange,
      Secret secret,
      Duration timeout,
      int maxAttempts,
      boolean ordered) {
    public Target {
      if (name == null || !name.matches("[A-Za-z0-9_.-]{1,100}")) {
        throw new IllegalArgumentException(
            "forward.targets[].name is required: letters, digits, _ - . (at most 100): " + name);
      }
      String at = "forward.targets[" + name + "]";
      if (kind == null) throw new IllegalArgumentException(at + ".kind is required");
      if (url == null) throw new IllegalArgumentException(at + ".url is required");
      String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
      if (kind == Kind.RABBITMQ) {
        if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
          throw new IllegalArgumentException(at + ".url must be an amqp:// or amqps:// URL");
        }
        if (exchange == null) {
          throw new IllegalArgumentException(at + ".exchange is required for rabbitmq");
        }
      } else {
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
          throw new IllegalArgumentException(at + ".url must be an http:// or https:// URL");
        }
        if (secret == null || secret.isEmpty()) {
          throw new IllegalArgumentException(at + ".secret is required (deliveries are signed)");
        }
      }
      if (timeout == null)
        timeout = kind == Kind.SYNC ? Duration.ofSeconds(2) : Duration.ofSeconds(10);
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException(at + ".timeout must be > 0");
      }
      if (maxAttempts == 0) maxAttempts = 12;
      if (maxAttempts < 1) throw new IllegalArgumentException(at + ".maxAttempts must be >= 1");
    }

    /** The URL for logs: no user info (a RabbitMQ password may sit there). */
    public String redactedUrl() {
      return url.getUserInfo() == null
          ? url.toString()
          : url.toString().replace(url.getRawUserInfo() + "@", "****@");
    }

    @Override
    public String toString() {
      return "Target[" + name + ", " + kind + ", " + redactedUrl() + "]";
    }
  }

  /**
   * Which inbound messages go to which targets. Criteria left null match anything.
   *
   * @param appId the account, or null for every account
   * @param msgType {@code text}, {@code event}, … as WeChat sends it
   * @param event the {@code Event} value (case as WeChat sends it: {@code subscribe}, {@code
   *     CLICK}); implies {@code msgType} event
   * @param eventKeyPrefix the {@code EventKey} must start with it (e.g. {@code qrscene_})
   * @param targets target names; every one receives the event, at most one may be sync
   */
  public record Rule(
      String appId, String msgType, String event, String eventKeyPrefix, List<String> targets) {
    public Rule {
      if (targets == null || targets.isEmpty()) {
        throw new IllegalArgumentException("forward.rules[].targets must name at least one target");
      }
      targets = List.copyOf(targets);
      Set<String> seen = new HashSet<>();
      for (String t : targets) {
        if (!seen.add(t)) {
          throw new IllegalArgumentException("forward.rules[].targets names " + t + " twice");
        }
      }
      if (event != null && msgType != null && !msgType.equals("event")) {
        throw new IllegalArgumentException(
            "forward.rules[].event needs msgType event (or none), not " + msgType);
      }
    }
  }

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be > 0: " + value);
    }
  }
}
