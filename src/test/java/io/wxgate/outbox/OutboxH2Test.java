package io.wxgate.outbox;

import io.wxgate.config.StoreConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The outbox contract on the embedded default: an H2 file in a fresh directory. */
class OutboxH2Test extends OutboxContract {
  @TempDir Path dataDir;

  @Override
  StoreConfig freshStore() {
    return new StoreConfig(null, null, null, dataDir, 0, null);
  }
}
