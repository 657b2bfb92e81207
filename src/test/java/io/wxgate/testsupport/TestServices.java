package io.wxgate.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
  private static final String SCHEMA_LABEL = "wxgate test, created at epoch second ";
  private static final List<String> createdSchemas = new ArrayList<>();

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
        dropStaleSchemas(postgresUrl);
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
      c.setAutoCommit(false); // created and labelled at once: a sweep never sees it unlabelled
      s.execute("CREATE SCHEMA " + schema);
      s.execute(
          "COMMENT ON SCHEMA "
              + schema
              + " IS '"
              + SCHEMA_LABEL
              + Instant.now().getEpochSecond()
              + "'");
      c.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema, e);
    }
    synchronized (TestServices.class) {
      if (createdSchemas.isEmpty()) {
        Runtime.getRuntime().addShutdownHook(new Thread(TestServices::dropCreatedSchemas));
      }
      createdSchemas.add(schema);
    }
    return base + "&currentSchema=" + schema;
  }

  /**
   * Drops the schemas of test runs that ended without dropping theirs (killed, or from before
   * schemas were dropped at exit): those labelled more than six hours ago, and unlabelled ones of
   * this naming. The shared server otherwise collects hundreds of them.
   */
  private static void dropStaleSchemas(String url) {
    List<String> stale = new ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT nspname, coalesce(obj_description(oid, 'pg_namespace'), '')"
                    + " FROM pg_namespace WHERE nspname ~ '^t_[0-9a-f]{16}$'")) {
      long cutoff = Instant.now().minus(Duration.ofHours(6)).getEpochSecond();
      while (rs.next()) {
        String label = rs.getString(2);
        boolean ours = label.startsWith(SCHEMA_LABEL);
        if (!ours && !label.isEmpty()) continue;
        if (ours && Long.parseLong(label.substring(SCHEMA_LABEL.length())) > cutoff) continue;
        stale.add(rs.getString(1));
      }
    } catch (SQLException | NumberFormatException e) {
      return; // housekeeping only
    }
    dropSchemas(url, stale);
  }

  private static void dropCreatedSchemas() {
    List<String> schemas;
    synchronized (TestServices.class) {
      schemas = List.copyOf(createdSchemas);
    }
    dropSchemas(postgresUrl, schemas);
  }

  private static void dropSchemas(String url, List<String> schemas) {
    if (schemas.isEmpty()) return;
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("SET lock_timeout = '2s'"); // a connection still open elsewhere must not hang exit
      for (String schema : schemas) {
        try {
          s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
          // in use or gone: the next run's sweep takes it
        }
      }
    } catch (SQLException e) {
      // housekeeping only
    }
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
