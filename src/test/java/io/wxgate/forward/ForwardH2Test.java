package io.wxgate.forward;

import io.wxgate.config.StoreConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Forwarding on the embedded default: an H2 file in a fresh directory. */
class ForwardH2Test extends ForwardContract {
  @TempDir Path dataDir;

  @Override
  StoreConfig freshStore() {
    return new StoreConfig(null, null, null, dataDir, 0, null);
  }
}
