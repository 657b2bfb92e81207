package io.wxgate.config;

import io.wxgate.wechat.Secret;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The durable database. {@code url} null means the embedded H2 file database {@code
 * <dataDir>/wxgate}; a {@code jdbc:postgresql:} URL selects PostgreSQL. {@code user} and {@code
 * password} may be null (then the URL carries them, or none are needed).
 */
public record StoreConfig(
    String url,
    String user,
    Secret password,
    Path dataDir,
    int maxPoolSize,
    Duration connectionTimeout) {
  public static final Path DEFAULT_DATA_DIR = Path.of("data");

  public StoreConfig {
    if (dataDir == null) dataDir = DEFAULT_DATA_DIR;
    if (url == null || url.isBlank()) url = h2FileUrl(dataDir);
    if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "store.url must be a jdbc:h2: or jdbc:postgresql: URL: " + redact(url));
    }
    if (maxPoolSize == 0) maxPoolSize = 10;
    if (maxPoolSize < 1) {
      throw new IllegalArgumentException("store.maxPoolSize must be >= 1: " + maxPoolSize);
    }
    if (connectionTimeout == null) connectionTimeout = Duration.ofSeconds(10);
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException(
          "store.connectionTimeout must be >= 250ms: " + connectionTimeout);
    }
  }

  /** Defaults everywhere: H2 under {@code ./data}. */
  public static StoreConfig defaults() {
    return new StoreConfig(null, null, null, null, 0, null);
  }

  /** A given URL with every other setting at its default. */
  public static StoreConfig of(String url) {
    return new StoreConfig(url, null, null, null, 0, null);
  }

  /** The default embedded database: one file, one process; the H2 file lock keeps a second out. */
  public static String h2FileUrl(Path dataDir) {
    return "jdbc:h2:file:"
        + dataDir.toAbsolutePath().normalize().resolve("wxgate")
        + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000";
  }

  /** The URL without any password parameter, for logs and error messages. */
  public static String redact(String url) {
    return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1****");
  }

  @Override
  public String toString() {
    return "StoreConfig[url=" + redact(url) + ", user=" + user + ", dataDir=" + dataDir + "]";
  }
}
