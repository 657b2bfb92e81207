package io.wxgate.state.redis;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import io.wxgate.state.SharedStateUnavailableException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The connections to one Redis, opened lazily (so a gateway starts while Redis is down) and turned
 * into {@link SharedStateUnavailableException} whenever Redis does not answer.
 */
final class RedisLink implements AutoCloseable {
  private record Connected(
      StatefulRedisConnection<String, String> strings,
      StatefulRedisConnection<byte[], byte[]> bytes,
      ProxyManager<byte[]> buckets) {}

  private final ClientResources resources;
  private final RedisClient client;
  private final Duration timeout;
  private volatile Connected connected;

  RedisLink(URI uri, Duration timeout) {
    this.timeout = timeout;
    // Reconnect quickly after an outage; Lettuce's default backs off to 30 s.
    this.resources =
        DefaultClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(50), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    RedisURI redisUri = RedisURI.create(uri);
    redisUri.setTimeout(timeout);
    this.client = RedisClient.create(resources, redisUri);
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            // Fail at once while disconnected instead of queueing commands until Redis returns:
            // callers fall back to in-process state rather than hang.
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
            .timeoutOptions(TimeoutOptions.enabled(timeout))
            .build());
  }

  <T> T call(Function<RedisCommands<String, String>, T> command) {
    try {
      return command.apply(connected().strings().sync());
    } catch (RedisException e) {
      throw unavailable(e);
    }
  }

  <T> T withBuckets(Function<ProxyManager<byte[]>, T> operation) {
    try {
      return operation.apply(connected().buckets());
    } catch (RuntimeException e) {
      // Bucket4j wraps driver failures in its own exceptions; only those caused by Redis not
      // answering mean "unavailable", anything else is a bug and propagates.
      for (Throwable c = e; c != null; c = c.getCause()) {
        if (c instanceof RedisException || c instanceof TimeoutException) throw unavailable(c);
      }
      throw e;
    }
  }

  private Connected connected() {
    Connected c = connected;
    if (c != null) return c;
    synchronized (this) {
      if (connected == null) connected = connect();
      return connected;
    }
  }

  private Connected connect() {
    StatefulRedisConnection<String, String> strings = client.connect();
    try {
      StatefulRedisConnection<byte[], byte[]> bytes = client.connect(ByteArrayCodec.INSTANCE);
      ProxyManager<byte[]> buckets =
          Bucket4jLettuce.casBasedBuilder(bytes)
              .requestTimeout(timeout)
              .expirationAfterWrite(
                  ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                      Duration.ofSeconds(10)))
              .build();
      return new Connected(strings, bytes, buckets);
    } catch (RuntimeException e) {
      strings.close();
      throw e;
    }
  }

  private static SharedStateUnavailableException unavailable(Throwable cause) {
    return new SharedStateUnavailableException(
        cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
  }

  @Override
  public void close() {
    Connected c = connected;
    if (c != null) {
      c.strings().close();
      c.bytes().close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
