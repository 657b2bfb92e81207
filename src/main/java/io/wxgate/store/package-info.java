/**
 * The durable database: {@link io.wxgate.store.Database} (HikariCP pool + Flyway migrations from
 * {@code db/migration/common} and {@code db/migration/<dialect>}, skipped when {@code Migrations}
 * finds every one already applied) and {@link io.wxgate.store.Dialect}, the one place where H2 and
 * PostgreSQL differ. H2 (a file under the data directory) is the default for one instance;
 * PostgreSQL is for many instances sharing one queue.
 */
package io.wxgate.store;
