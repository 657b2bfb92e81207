package io.wxgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.wxgate.config.ConfigLoader;
import io.wxgate.config.WxgateConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database opens beside the other components, the web server included: {@code /healthz} must
 * not answer 200 before it is open, and a failed start must still close it.
 */
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

  @Test
  void healthz_answers_503_starting_until_the_database_is_open() throws Exception {
    // a "database" that accepts connections and never answers: the start waits on it
    try (ServerSocket silentDb = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = free.getLocalPort();
      free.close();
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread.ofPlatform()
          .daemon()
          .start(
              () -> {
                try {
                  while (true) held.add(silentDb.accept());
                } catch (IOException closed) {
                  // the test is over
                }
              });
      Map<String, String> db =
          Map.of(
              "WXGATE_DB_URL",
              "jdbc:postgresql://127.0.0.1:" + silentDb.getLocalPort() + "/test?loginTimeout=30",
              "WXGATE_DB_USER",
              "postgres");
      CompletableFuture<Gateway> starting =
          CompletableFuture.supplyAsync(() -> Gateway.start(config(port, db)));
      try (HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> health = null;
        for (int i = 0; i < 600 && health == null; i++) {
          try {
            health =
                http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
          } catch (IOException notListeningYet) {
            Thread.sleep(50);
          }
        }
        assertThat(health).as("the web server listens while the database opens").isNotNull();
        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).contains("STARTING");
        HttpResponse<String> ready =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).contains("\"startup\":\"DOWN: starting\"");
        assertThat(starting).isNotDone();

        silentDb.close();
        for (Socket s : held) s.close(); // the database goes away: the start fails and closes all
        assertThatThrownBy(starting::join).hasMessageContaining("cannot open database");
        assertThatThrownBy(
                () ->
                    http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString()))
            .isInstanceOf(IOException.class); // nothing listens any more
      }
    }
  }
}
