package io.wxgate.forward;

import io.wxgate.config.StoreConfig;
import io.wxgate.testsupport.TestServices;
import org.junit.jupiter.api.Tag;

/** Forwarding on the real PostgreSQL, in a fresh schema per test. */
@Tag("services")
class ForwardPostgresqlTest extends ForwardContract {
  @Override
  StoreConfig freshStore() {
    return StoreConfig.of(TestServices.freshPostgresSchemaUrl());
  }
}
