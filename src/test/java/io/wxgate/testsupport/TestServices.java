package io.wxgate.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import redis.embedded.RedisServer;

/**
 * The real PostgreSQL and Redis for tests. Uses the servers on localhost (5432, 6379) when they
 * answer. When they do not: with {@code CI=true} the test fails (CI must never silently skip);
 * otherwise an embedded server is started once per JVM, so a machine with only a JDK still runs
 * every test.
 */
public final class TestServices {
  private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));
  private static String redisUri;
  private static String postgresUrl;
  private static RedisServer embeddedRedis;
  private static EmbeddedPostgres embeddedPostgres;

  private TestServices() {}

  /** A Redis URI such as {@code redis://127.0.0.1:6379}. */
  public static synchronized String redisUri() {
    if (redisUri == null) {
      if (answers(6379)) {
        redisUri = "redis://127.0.0.1:6379";
      } else if (CI) {
        throw new IllegalStateException("CI=true but Redis on 127.0.0.1:6379 does not answer");
      } else {
        int port = freePort();
        try {
          embeddedRedis = new RedisServer(port);
          embeddedRedis.start();
        } catch (IOException e) {
          throw new IllegalStateException("cannot start embedded Redis", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestServices::stopRedis));
        redisUri = "redis://127.0.0.1:" + port;
      }
    }
    return redisUri;
  }

  /** A key prefix no other test run uses, e.g. {@code wxgate-test-3f2a…:}. */
  public static String freshPrefix() {
    return "wxgate-test-" + UUID.randomUUID().toString().substring(0, 12) + ":";
  }

  /** JDBC URL of the test PostgreSQL database (user {@code postgres}, no password). */
  public static synchronized String postgresUrl() {
    if (postgresUrl == null) {
      if (answers(5432)) {
        postgresUrl = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
      } else if (CI) {
        throw new IllegalStateException("CI=true but PostgreSQL on 127.0.0.1:5432 does not answer");
      } else {
        try {
          embeddedPostgres = EmbeddedPostgres.start();
        } catch (IOException e) {
          throw new IllegalStateException("cannot start embedded PostgreSQL", e);
        }
        postgresUrl =
            "jdbc:postgresql://127.0.0.1:" + embeddedPostgres.getPort() + "/postgres?user=postgres";
      }
    }
    return postgresUrl;
  }

  /**
   * Creates a fresh schema and returns a JDBC URL whose default schema it is, so every test run
   * starts empty and runs never see each other's rows.
   */
  public static String freshPostgresSchemaUrl() {
    String base = postgresUrl();
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    try (Connection c = DriverManager.getConnection(base);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema, e);
    }
    return base + "&currentSchema=" + schema;
  }

  private static void stopRedis() {
    try {
      if (embeddedRedis != null) embeddedRedis.stop();
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }

  private static boolean answers(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
