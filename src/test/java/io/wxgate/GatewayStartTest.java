package io.wxgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wxgate.config.ConfigLoader;
import io.wxgate.config.WxgateConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database opens beside the other components: a failed start must still close it. */
class GatewayStartTest {
  @TempDir Path data;

  private WxgateConfig config(int port, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("WXGATE_PORT", Integer.toString(port));
    env.put("WXGATE_HOST", "127.0.0.1");
    env.put("WXGATE_DATA_DIR", data.toString());
    return new ConfigLoader(env).load();
  }

  @Test
  void a_start_that_fails_after_the_database_began_opening_closes_it() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> Gateway.start(config(taken.getLocalPort(), Map.of())))
          .isInstanceOf(RuntimeException.class);
    }
    // an open embedded database holds a lock on its file (within this JVM a second lock on it
    // throws OverlappingFileLockException): only a closed one can be locked here
    Path file = data.resolve("wxgate.mv.db");
    assertThat(file).exists();
    try (FileChannel channel =
            FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      assertThat(lock).isNotNull();
    }
    try (Gateway again = Gateway.start(config(0, Map.of()))) {
      assertThat(again.port()).isPositive();
    }
  }

  @Test
  void an_unreachable_database_fails_the_start_with_its_own_error_and_no_password() {
    Map<String, String> db =
        Map.of(
            "WXGATE_DB_URL", "jdbc:postgresql://127.0.0.1:1/test?connectTimeout=2",
            "WXGATE_DB_USER", "postgres",
            "WXGATE_DB_PASSWORD", "hunter2-not-logged");
    assertThatThrownBy(() -> Gateway.start(config(0, db)))
        .isInstanceOf(IllegalStateException.class) // as thrown on the opening thread, unwrapped
        .hasMessageStartingWith("cannot open database")
        .hasMessageNotContaining("hunter2");
  }
}
