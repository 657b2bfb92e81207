package io.wxgate.outbox;

import io.wxgate.config.StoreConfig;
import io.wxgate.testsupport.TestServices;
import org.junit.jupiter.api.Tag;

/** The outbox contract on the real PostgreSQL, in a fresh schema per test. */
@Tag("services")
class OutboxPostgresqlTest extends OutboxContract {
  @Override
  StoreConfig freshStore() {
    return StoreConfig.of(TestServices.freshPostgresSchemaUrl());
  }
}
