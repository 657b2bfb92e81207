package io.wxgate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import io.wxgate.config.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable database: a HikariCP pool over H2 or PostgreSQL, migrated by Flyway on {@link #open}
 * (or, with {@link #openInBackground}, on its own thread while the caller goes on). Thread-safe.
 * Close it last, after every component that uses it.
 */
public final class Database implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Database.class);

  private final CompletableFuture<HikariDataSource> pool;
  private final Dialect dialect;

  private Database(CompletableFuture<HikariDataSource> pool, Dialect dialect) {
    this.pool = pool;
    this.dialect = dialect;
  }

  /**
   * Opens the pool and applies pending migrations ({@code db/migration/common} plus the dialect's
   * own folder, as {@code db/migration/index.txt} lists them). Creates the data directory when the
   * URL is the default H2 file under it.
   *
   * @throws StoreException when the database cannot be reached or a migration fails
   */
  public static Database open(StoreConfig config) {
    return open(config, null);
  }

  /** As {@link #open(StoreConfig)}, publishing the pool's metrics ({@code hikaricp_*}). */
  public static Database open(StoreConfig config, MeterRegistry metrics) {
    Dialect dialect = Dialect.fromUrl(config.url());
    return new Database(
        CompletableFuture.completedFuture(connect(config, dialect, metrics)), dialect);
  }

  /**
   * As {@link #open(StoreConfig, MeterRegistry)}, but on a thread of its own: returns at once, and
   * every use waits until the database is open (or throws what opening threw). Lets a start build
   * and start everything else, the web server included, while the pool connects and the migrations
   * run (a third of a first start's time to ready, docs/BENCHMARKS.md).
   */
  public static Database openInBackground(StoreConfig config, MeterRegistry metrics) {
    Dialect dialect = Dialect.fromUrl(config.url());
    return new Database(
        CompletableFuture.supplyAsync(
            () -> connect(config, dialect, metrics),
            r -> Thread.ofPlatform().name("wxgate-db-open").start(r)),
        dialect);
  }

  /** Waits until the database is open; throws what opening threw. */
  public Database awaitOpen() {
    pool();
    return this;
  }

  private static HikariDataSource connect(
      StoreConfig config, Dialect dialect, MeterRegistry metrics) {
    if (config.url().equals(StoreConfig.h2FileUrl(config.dataDir()))) {
      try {
        Files.createDirectories(config.dataDir());
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot create data dir " + config.dataDir(), e);
      }
    }
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(config.url());
    if (config.user() != null) hc.setUsername(config.user());
    if (config.password() != null) hc.setPassword(config.password().reveal());
    hc.setMaximumPoolSize(config.maxPoolSize());
    hc.setConnectionTimeout(config.connectionTimeout().toMillis());
    hc.setPoolName("wxgate-db");
    // batches of INSERTs (POST /messages/batch) go out as multi-row INSERTs: one round trip each
    if (dialect == Dialect.POSTGRESQL) hc.addDataSourceProperty("reWriteBatchedInserts", "true");
    if (metrics != null) hc.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot open database " + StoreConfig.redact(config.url()) + ": " + e.getMessage(), e);
    }
    boolean current;
    try {
      current = Migrations.current(pool, dialect);
      if (!current) {
        Flyway.configure()
            .dataSource(pool)
            .resourceProvider(Migrations.resources(dialect))
            .javaMigrationClassProvider(List::of)
            // the outbox owns versions 1-99 and forwarding 100+, so a later outbox migration
            // may land below an applied forwarding one
            .outOfOrder(true)
            .load()
            .migrate();
      }
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    log.info(
        "database open: {} ({}, {})",
        StoreConfig.redact(config.url()),
        dialect,
        current ? "every migration already applied" : "migrated by Flyway");
    return pool;
  }

  /** The pool once open; rethrows what opening threw. */
  private HikariDataSource pool() {
    try {
      return pool.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      if (e.getCause() instanceof Error r) throw r;
      throw e;
    }
  }

  public DataSource dataSource() {
    return pool();
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Work done on one connection; may throw SQLException, which is wrapped for the caller. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Sets a statement's parameters. */
  @FunctionalInterface
  public interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  /** Runs one INSERT, UPDATE or DELETE in auto-commit mode; returns how many rows it changed. */
  public int update(String what, String sql, Binder binder) {
    return withConnection(
        what,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(ps);
            return ps.executeUpdate();
          }
        });
  }

  /** Runs {@code work} on a pooled connection in auto-commit mode. */
  public <T> T withConnection(String what, Work<T> work) {
    try (Connection c = pool().getConnection()) {
      return work.run(c);
    } catch (SQLException e) {
      throw new StoreException(what, e);
    }
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws
   * (any exception, which is then rethrown; SQLExceptions wrapped in {@link StoreException}).
   */
  public <T> T inTransaction(String what, Work<T> work) {
    try (Connection c = pool().getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(c, e);
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new StoreException(what, e);
    }
  }

  /**
   * On PostgreSQL, {@link #inTransaction} with the planner told not to plan bitmap scans (on H2,
   * {@link #withConnection}). For statements that take the first rows of an index in its order
   * (claims) or walk one short index range (the lease reaper): with statistics that lag a queue
   * growing fast, the planner chose a bitmap scan, which reads every due row and sorts them all to
   * keep a hundred (20,000 rows per claim in the send benchmark), and, unlike an index scan, never
   * marks the dead index entries it passes as dead.
   */
  public <T> T inIndexOrder(String what, Work<T> work) {
    if (dialect != Dialect.POSTGRESQL) return withConnection(what, work);
    return inTransaction(
        what,
        c -> {
          try (Statement s = c.createStatement()) {
            s.execute("SET LOCAL enable_bitmapscan = off");
          }
          return work.run(c);
        });
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * Readiness probe: {@code "UP"} when a connection answers within a second, else {@code "DOWN:
   * why"} (never a URL or password).
   */
  public String probe() {
    if (!pool.isDone()) return "DOWN: opening";
    if (pool.isCompletedExceptionally()) return "DOWN: failed to open";
    try (Connection c = pool().getConnection()) {
      return c.isValid(1) ? "UP" : "DOWN: connection not valid";
    } catch (SQLException e) {
      return "DOWN: " + (e.getSQLState() == null ? "unreachable" : "sqlstate " + e.getSQLState());
    }
  }

  @Override
  public void close() {
    HikariDataSource open;
    try {
      open = pool(); // still opening: closed once open, so no connection outlives the gateway
    } catch (RuntimeException | Error failed) {
      return; // opening failed and closed what it had opened
    }
    open.close();
    log.info("database closed");
  }
}
