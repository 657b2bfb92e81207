package io.wxgate.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.wxgate.wechat.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads {@link WxgateConfig} from an optional {@code wxgate.yaml} (path in {@code WXGATE_CONFIG},
 * else {@code ./wxgate.yaml} when present) and {@code WXGATE_*} environment variables, environment
 * winning. Every secret may instead be given as a file ({@code WXGATE_APP_SECRET_FILE}, or {@code
 * secretFile:} in YAML). Throws {@link ConfigException} listing every problem.
 */
public final class ConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern APP_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9]{3,32}");
  private static final Pattern AES_KEY = Pattern.compile("[A-Za-z0-9]{43}");

  /** Environment variable → YAML path, for plain (non-account) settings. */
  private static final Map<String, String> ENV_PATHS =
      Map.ofEntries(
          Map.entry("WXGATE_PORT", "server.port"),
          Map.entry("WXGATE_HOST", "server.host"),
          Map.entry("WXGATE_TRUSTED_PROXIES", "server.trustedProxies"),
          Map.entry("WXGATE_DATA_DIR", "dataDir"),
          Map.entry("WXGATE_DB_URL", "store.url"),
          Map.entry("WXGATE_DB_USER", "store.user"),
          Map.entry("WXGATE_DB_PASSWORD", "store.password"),
          Map.entry("WXGATE_REDIS_URL", "redis.url"),
          Map.entry("WXGATE_WECHAT_API", "wechat.apiBase"),
          Map.entry("WXGATE_API_KEYS", "api.keys"),
          Map.entry("WXGATE_JWT_HS256_SECRET", "api.jwt.hs256Secret"),
          Map.entry("WXGATE_JWT_RS256_PUBLIC_KEY", "api.jwt.rs256PublicKey"),
          Map.entry("WXGATE_JWT_ISSUER", "api.jwt.issuer"),
          Map.entry("WXGATE_JWT_AUDIENCE", "api.jwt.audience"),
          Map.entry("WXGATE_LOG_FORMAT", "log.format"),
          Map.entry("WXGATE_DEDUP_ENABLED", "callback.dedupEnabled"),
          Map.entry("WXGATE_TLS_CERTIFICATE", "server.tls.certificate"),
          Map.entry("WXGATE_TLS_PRIVATE_KEY", "server.tls.privateKey"),
          Map.entry("WXGATE_TLS_CLIENT_CA", "server.tls.clientCa"),
          Map.entry("WXGATE_TRACING_ENABLED", "tracing.enabled"),
          Map.entry("WXGATE_TRACING_ENDPOINT", "tracing.endpoint"),
          Map.entry("WXGATE_TRACING_HEADERS", "tracing.headers"),
          Map.entry("WXGATE_TRACING_SAMPLE_RATIO", "tracing.sampleRatio"),
          Map.entry("WXGATE_TRACING_SERVICE_NAME", "tracing.serviceName"),
          Map.entry(
              "WXGATE_TLS_REQUIRE_CLIENT_CERT_FOR_API", "server.tls.requireClientCertForApi"));

  private final Map<String, String> env;

  public ConfigLoader(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  public static WxgateConfig fromEnvironment() {
    return new ConfigLoader(System.getenv()).load();
  }

  public WxgateConfig load() {
    List<String> problems = new ArrayList<>();
    ObjectNode root = readYaml(problems);
    overlayEnvironment(root, problems);
    Tree tree = new Tree(root, problems);
    WxgateConfig config = build(tree, problems);
    if (!problems.isEmpty()) throw new ConfigException(problems);
    return config;
  }

  /** The merged tree, for components whose sub-records are read elsewhere. */
  public JsonNode mergedTree() {
    List<String> problems = new ArrayList<>();
    ObjectNode root = readYaml(problems);
    overlayEnvironment(root, problems);
    if (!problems.isEmpty()) throw new ConfigException(problems);
    return root;
  }

  private ObjectNode readYaml(List<String> problems) {
    String explicit = env.get("WXGATE_CONFIG");
    Path path = explicit != null ? Path.of(explicit) : Path.of("wxgate.yaml");
    if (!Files.exists(path)) {
      if (explicit != null) problems.add("WXGATE_CONFIG points to a missing file: " + path);
      return JsonNodeFactory.instance.objectNode();
    }
    try {
      JsonNode node = YAML.readTree(path.toFile());
      if (node == null || node.isMissingNode() || node.isNull()) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!(node instanceof ObjectNode object)) {
        problems.add(path + " must be a YAML mapping at the top level");
        return JsonNodeFactory.instance.objectNode();
      }
      return object;
    } catch (IOException e) {
      problems.add("cannot read " + path + ": " + firstLine(e.getMessage()));
      return JsonNodeFactory.instance.objectNode();
    }
  }

  private void overlayEnvironment(ObjectNode root, List<String> problems) {
    for (var entry : ENV_PATHS.entrySet()) {
      String value = envOrFile(entry.getKey(), problems);
      if (value != null) Tree.put(root, entry.getValue(), TextNode.valueOf(value));
    }
    String appId = envOrFile("WXGATE_APP_ID", problems);
    if (appId == null) return;
    ObjectNode account = JsonNodeFactory.instance.objectNode();
    account.put("appId", appId);
    putIfSet(account, "secret", envOrFile("WXGATE_APP_SECRET", problems));
    putIfSet(account, "token", envOrFile("WXGATE_TOKEN", problems));
    putIfSet(account, "aesKey", envOrFile("WXGATE_AES_KEY", problems));
    putIfSet(account, "previousAesKey", envOrFile("WXGATE_PREVIOUS_AES_KEY", problems));
    putIfSet(account, "mode", envOrFile("WXGATE_MODE", problems));
    ArrayNode accounts = JsonNodeFactory.instance.arrayNode();
    accounts.add(account);
    JsonNode existing = root.get("accounts");
    if (existing != null && existing.isArray()) {
      for (JsonNode a : existing) {
        if (!appId.equals(a.path("appId").asText())) accounts.add(a);
      }
    }
    root.set("accounts", accounts);
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) node.put(field, value);
  }

  /** {@code NAME} from the environment, or the content of the file named by {@code NAME_FILE}. */
  private String envOrFile(String name, List<String> problems) {
    String direct = env.get(name);
    String file = env.get(name + "_FILE");
    if (file != null && !file.isBlank()) {
      if (direct != null) problems.add(name + " and " + name + "_FILE are both set; keep one");
      return readSecretFile(name + "_FILE", file, problems);
    }
    return direct == null || direct.isEmpty() ? null : direct;
  }

  private static String readSecretFile(String setting, String file, List<String> problems) {
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      problems.add(setting + " names a file that cannot be read: " + file);
      return null;
    }
  }

  private WxgateConfig build(Tree tree, List<String> problems) {
    ServerConfig server = section(problems, ServerConfig.defaults(), () -> server(tree));
    Path dataDir = Path.of(tree.text("dataDir", "./data"));
    List<Account> accounts = accounts(tree, problems);
    CallbackConfig callback = section(problems, CallbackConfig.defaults(), () -> callback(tree));
    WechatApiConfig wechatApi =
        section(problems, new WechatApiConfig(null, null, null), () -> wechatApi(tree));
    StateConfig state = section(problems, StateConfig.inProcess(), () -> state(tree));
    TokenConfig token = section(problems, TokenConfig.defaults(), () -> token(tree));
    StoreConfig store = section(problems, StoreConfig.defaults(), () -> store(tree, dataDir));
    OutboxConfig outbox = section(problems, OutboxConfig.defaults(), () -> outbox(tree));
    AlertConfig alerts = section(problems, AlertConfig.defaults(), () -> alerts(tree));
    ApiAuthConfig api =
        section(problems, ApiAuthConfig.ofKeys(List.of()), () -> api(tree, problems));
    ForwardConfig forward =
        section(problems, ForwardConfig.defaults(), () -> forward(tree, problems));
    TracingConfig tracing =
        section(problems, TracingConfig.disabled(), () -> TracingConfig.from(tree, env));
    return new WxgateConfig(
        server, dataDir, accounts, callback, wechatApi, state, token, store, outbox, alerts, api,
        forward, tracing);
  }

  private static StoreConfig store(Tree t, Path dataDir) {
    String password = t.text("store.password", null);
    return new StoreConfig(
        t.text("store.url", null),
        t.text("store.user", null),
        password == null ? null : Secret.of(password),
        dataDir,
        t.integer("store.maxPoolSize", 0),
        t.millis("store.connectionTimeoutMillis", null));
  }

  private static OutboxConfig outbox(Tree t) {
    String zone = t.text("outbox.quotaResetZone", null);
    java.time.ZoneId zoneId = null;
    if (zone != null) {
      try {
        zoneId = java.time.ZoneId.of(zone);
      } catch (java.time.DateTimeException e) {
        throw new IllegalArgumentException("outbox.quotaResetZone is not a time zone: " + zone);
      }
    }
    return new OutboxConfig(
        t.integer("outbox.batchSize", 0),
        t.integer("outbox.workers", 0),
        t.seconds("outbox.leaseSeconds", null),
        t.millis("outbox.pollIntervalMillis", null),
        t.integer("outbox.maxAttempts", 0),
        t.millis("outbox.retryBaseMillis", null),
        t.seconds("outbox.retryCapSeconds", null),
        t.decimal("outbox.perAppRate", 0),
        zoneId,
        t.seconds("outbox.quotaPauseMaxSeconds", null),
        t.integer("outbox.retentionDays", 0),
        t.seconds("outbox.shutdownTimeoutSeconds", null),
        t.seconds("outbox.maxWaitForTokenSeconds", null));
  }

  private static AlertConfig alerts(Tree t) {
    List<AlertConfig.Webhook> hooks = new ArrayList<>();
    List<JsonNode> nodes = t.list("alerts.webhooks");
    for (int i = 0; i < nodes.size(); i++) {
      Tree w = t.child(nodes.get(i));
      String url = w.text("url", null);
      String format = w.text("format", "generic").toUpperCase(Locale.ROOT);
      String secret = w.text("secret", null);
      try {
        hooks.add(
            new AlertConfig.Webhook(
                url == null ? null : URI.create(url),
                AlertConfig.Format.valueOf(format),
                secret == null ? null : Secret.of(secret)));
      } catch (IllegalArgumentException e) {
        String why =
            e.getMessage() != null && e.getMessage().startsWith("No enum")
                ? "format must be generic, dingtalk or wecom"
                : e.getMessage();
        t.problem("alerts.webhooks[" + i + "]: " + why);
      }
    }
    return new AlertConfig(
        hooks,
        t.seconds("alerts.minIntervalSeconds", null),
        t.integer("alerts.queueCapacity", 0),
        t.decimal("alerts.failureRateThreshold", 0),
        t.integer("alerts.failureRateMinSamples", 0),
        t.seconds("alerts.failureRateWindowSeconds", null),
        t.millis("alerts.requestTimeoutMillis", null));
  }

  private static ApiAuthConfig api(Tree t, List<String> problems) {
    List<ApiAuthConfig.ApiKey> keys = new ArrayList<>();
    JsonNode node = t.node("api.keys");
    if (node != null && node.isTextual()) {
      keys.addAll(ApiAuthConfig.ApiKey.parse(node.asText()));
    } else {
      List<JsonNode> nodes = t.list("api.keys");
      for (int i = 0; i < nodes.size(); i++) {
        Tree k = t.child(nodes.get(i));
        try {
          String key = k.text("key", null);
          keys.add(
              new ApiAuthConfig.ApiKey(
                  k.text("client", null),
                  key == null ? null : Secret.of(key),
                  textSet(k.node("scopes")),
                  textSet(k.node("appIds"))));
        } catch (IllegalArgumentException e) {
          problems.add("api.keys[" + i + "]: " + e.getMessage());
        }
      }
    }
    String hs = t.text("api.jwt.hs256Secret", null);
    return new ApiAuthConfig(
        keys,
        hs == null ? null : Secret.of(hs),
        t.text("api.jwt.rs256PublicKey", null),
        t.text("api.jwt.issuer", null),
        t.text("api.jwt.audience", null),
        t.seconds("api.jwt.clockSkewSeconds", null),
        t.decimal("api.perClientRate", 0),
        t.integer("api.perClientBurst", 0));
  }

  private static java.util.Set<String> textSet(JsonNode node) {
    if (node == null) return null;
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    if (node.isArray()) node.forEach(n -> out.add(n.asText()));
    else for (String s : node.asText().split(",")) if (!s.isBlank()) out.add(s.trim());
    return out;
  }

  private static <T> T section(
      List<String> problems, T fallback, java.util.function.Supplier<T> s) {
    try {
      return s.get();
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
      return fallback;
    }
  }

  private static ServerConfig server(Tree t) {
    return new ServerConfig(
        t.text("server.host", null),
        t.integer("server.port", 8080),
        t.number("server.maxBodyBytes", 1 << 20),
        t.seconds("server.idleTimeoutSeconds", null),
        t.seconds("server.drainTimeoutSeconds", null),
        t.seconds("server.readinessGraceSeconds", null),
        t.bool("server.virtualThreads", ServerConfig.DEFAULT_VIRTUAL_THREADS),
        t.integer("server.maxThreads", ServerConfig.DEFAULT_MAX_THREADS),
        trustedProxies(t),
        tls(t));
  }

  private static List<Cidr> trustedProxies(Tree t) {
    java.util.Set<String> blocks = textSet(t.node("server.trustedProxies"));
    return blocks == null ? List.of() : blocks.stream().map(Cidr::parse).toList();
  }

  private static TlsConfig tls(Tree t) {
    String certificate = t.text("server.tls.certificate", null);
    String key = t.text("server.tls.privateKey", null);
    String clientCa = t.text("server.tls.clientCa", null);
    boolean requireClientCert = t.bool("server.tls.requireClientCertForApi", false);
    if (certificate == null && key == null && clientCa == null && !requireClientCert) return null;
    return new TlsConfig(
        certificate == null ? null : Path.of(certificate),
        key == null ? null : Path.of(key),
        clientCa == null ? null : Path.of(clientCa),
        requireClientCert);
  }

  private static ForwardConfig forward(Tree t, List<String> problems) {
    List<ForwardConfig.Target> targets = new ArrayList<>();
    List<JsonNode> nodes = t.list("forward.targets");
    for (int i = 0; i < nodes.size(); i++) {
      Tree n = t.child(nodes.get(i));
      String where = "forward.targets[" + i + "]";
      try {
        String url = n.text("url", null);
        String secret = secretField(n, "secret", problems, where);
        String kind = n.text("kind", null);
        targets.add(
            new ForwardConfig.Target(
                n.text("name", null),
                kind == null ? null : ForwardConfig.Kind.parse(kind),
                url == null ? null : URI.create(url),
                n.text("exchange", null),
                secret == null ? null : Secret.of(secret),
                n.millis("timeoutMillis", null),
                n.integer("maxAttempts", 0),
                n.bool("ordered", false)));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    List<ForwardConfig.Rule> rules = new ArrayList<>();
    for (JsonNode node : t.list("forward.rules")) {
      Tree r = t.child(node);
      java.util.Set<String> names = textSet(r.node("targets"));
      try {
        rules.add(
            new ForwardConfig.Rule(
                r.text("appId", null),
                r.text("msgType", null),
                r.text("event", null),
                r.text("eventKeyPrefix", null),
                names == null ? List.of() : List.copyOf(names)));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    return new ForwardConfig(
        targets,
        rules,
        t.integer("forward.batchSize", 0),
        t.integer("forward.workers", 0),
        t.seconds("forward.leaseSeconds", null),
        t.millis("forward.pollIntervalMillis", null),
        t.millis("forward.retryBaseMillis", null),
        t.millis("forward.retryCapMillis", null),
        t.seconds("forward.shutdownTimeoutSeconds", null),
        t.integer("forward.retentionDays", 0));
  }

  private static CallbackConfig callback(Tree t) {
    List<CallbackConfig.AutoReply> replies = new ArrayList<>();
    List<JsonNode> nodes = t.list("callback.autoReplies");
    for (int i = 0; i < nodes.size(); i++) {
      Tree r = t.child(nodes.get(i));
      String match = r.text("match", "exact").toUpperCase(Locale.ROOT);
      try {
        replies.add(
            new CallbackConfig.AutoReply(
                r.text("appId", null),
                r.text("keyword", null),
                CallbackConfig.AutoReply.Match.valueOf(match),
                r.text("reply", null)));
      } catch (IllegalArgumentException e) {
        String why =
            e.getMessage() != null && e.getMessage().startsWith("No enum")
                ? "match must be exact, prefix, contains or regex"
                : e.getMessage();
        t.problem("callback.autoReplies[" + i + "]: " + why);
      }
    }
    return new CallbackConfig(
        t.seconds("callback.timestampWindowSeconds", null),
        t.millis("callback.handlerDeadlineMillis", null),
        t.bool("callback.dedupEnabled", true),
        t.seconds("callback.dedupTtlSeconds", null),
        t.integer("callback.maxBodyBytes", 0),
        t.integer("callback.maxXmlDepth", 0),
        t.integer("callback.maxXmlFields", 0),
        replies,
        t.text("callback.welcome", null));
  }

  private static StateConfig state(Tree t) {
    String url = t.text("redis.url", null);
    URI uri = null;
    if (url != null && !url.isBlank()) {
      try {
        uri = URI.create(url);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("redis.url (WXGATE_REDIS_URL) is not a URI");
      }
    }
    return new StateConfig(
        uri,
        t.text("redis.keyPrefix", null),
        t.millis("redis.commandTimeoutMillis", null),
        t.millis("redis.probeIntervalMillis", null),
        t.bool("redis.requiredForReadiness", true));
  }

  private static TokenConfig token(Tree t) {
    String api = t.text("token.api", "stable").toUpperCase(Locale.ROOT);
    TokenConfig.Api kind;
    try {
      kind = TokenConfig.Api.valueOf(api);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("token.api must be stable or classic");
    }
    return new TokenConfig(
        kind,
        t.seconds("token.refreshMarginSeconds", null),
        t.seconds("token.minRefreshIntervalSeconds", null),
        t.seconds("token.failureBackoffSeconds", null),
        t.seconds("token.lockTtlSeconds", null),
        t.millis("token.peerWaitMillis", null),
        t.millis("token.peerPollMillis", null));
  }

  private static WechatApiConfig wechatApi(Tree t) {
    String base = t.text("wechat.apiBase", null);
    URI uri = null;
    if (base != null) {
      try {
        uri = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        if (uri.getScheme() == null || uri.getHost() == null) throw new IllegalArgumentException();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "wechat.apiBase (WXGATE_WECHAT_API) is not an http(s) URL");
      }
    }
    return new WechatApiConfig(
        uri,
        t.millis("wechat.connectTimeoutMillis", null),
        t.millis("wechat.requestTimeoutMillis", null));
  }

  private List<Account> accounts(Tree tree, List<String> problems) {
    List<Account> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<JsonNode> nodes = tree.list("accounts");
    for (int i = 0; i < nodes.size(); i++) {
      Tree a = tree.child(nodes.get(i));
      String where = "accounts[" + i + "]";
      String appId = a.text("appId", null);
      if (appId == null || !APP_ID.matcher(appId).matches()) {
        problems.add(where + ".appId (WXGATE_APP_ID) is required: letters, digits, _ or -");
        continue;
      }
      where = "account " + appId;
      if (!seen.add(appId)) problems.add(where + " is configured twice");
      String secret = secretField(a, "secret", problems, where);
      String token = secretField(a, "token", problems, where);
      String aesKey = secretField(a, "aesKey", problems, where);
      String previous = secretField(a, "previousAesKey", problems, where);
      String modeText = a.text("mode", aesKey == null ? "plaintext" : "safe");
      Account.Mode mode;
      try {
        mode = Account.Mode.valueOf(modeText.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(
            where + ": mode must be plaintext, compatible or safe, got '" + modeText + "'");
        continue;
      }
      if (token == null || !TOKEN.matcher(token).matches()) {
        problems.add(where + ": token (WXGATE_TOKEN) is required, 3-32 letters or digits");
      }
      if (aesKey == null && mode != Account.Mode.PLAINTEXT) {
        problems.add(where + ": aesKey (WXGATE_AES_KEY) is required in " + modeText + " mode");
      }
      checkAesKey(aesKey, where + ": aesKey (WXGATE_AES_KEY)", problems);
      checkAesKey(previous, where + ": previousAesKey", problems);
      out.add(
          new Account(
              appId,
              secret == null ? null : Secret.of(secret),
              token == null ? Secret.of("") : Secret.of(token),
              aesKey == null ? null : Secret.of(aesKey),
              previous == null ? null : Secret.of(previous),
              mode));
    }
    return out;
  }

  private static String secretField(Tree a, String field, List<String> problems, String where) {
    String value = a.text(field, null);
    String file = a.text(field + "File", null);
    if (file != null) {
      if (value != null) problems.add(where + ": set " + field + " or " + field + "File, not both");
      return readSecretFile(where + ": " + field + "File", file, problems);
    }
    return value == null || value.isEmpty() ? null : value;
  }

  private static void checkAesKey(String key, String what, List<String> problems) {
    if (key == null) return;
    if (key.length() != 43) {
      problems.add(what + " must be exactly 43 characters, got " + key.length());
    } else if (!AES_KEY.matcher(key).matches()) {
      problems.add(what + " may contain only letters and digits");
    } else if (Base64.getDecoder().decode(key + "=").length != 32) {
      problems.add(what + " does not decode to a 32-byte AES key");
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "unreadable";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
