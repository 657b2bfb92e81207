package io.wxgate.forward;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;

/**
 * The machine's RabbitMQ (127.0.0.1:5672, guest/guest), started with {@code rabbitmq-server
 * -detached} when it does not answer. With {@code CI=true} a missing broker fails the test; off CI
 * the test is skipped. Each instance declares its own exchange and queue, deleted on close.
 */
final class Rabbit implements AutoCloseable {
  static final int PORT = 5672;
  private static final boolean CI = "true".equalsIgnoreCase(System.getenv("CI"));

  final String exchange = "wxgate-test-" + UUID.randomUUID().toString().substring(0, 8);
  final String queue;
  private final Connection connection;
  private final Channel channel;

  Rabbit() {
    ensureRunning();
    ConnectionFactory f = new ConnectionFactory();
    f.setHost("127.0.0.1");
    f.setPort(PORT);
    f.setUsername("guest");
    f.setPassword("guest");
    try {
      connection = f.newConnection("wxgate-test");
      channel = connection.createChannel();
      channel.exchangeDeclare(exchange, "topic", false, true, null);
      queue = channel.queueDeclare("", false, true, true, null).getQueue();
      channel.queueBind(queue, exchange, "wx.#");
    } catch (IOException | TimeoutException e) {
      throw new IllegalStateException("cannot set up RabbitMQ for the test", e);
    }
  }

  static synchronized void ensureRunning() {
    if (answers()) return;
    try {
      new ProcessBuilder("rabbitmq-server", "-detached").inheritIO().start().waitFor();
    } catch (IOException e) {
      // not installed: handled below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (int i = 0; i < 120 && !answers(); i++) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (answers()) return;
    if (CI)
      throw new IllegalStateException("CI=true but RabbitMQ on 127.0.0.1:5672 does not answer");
    Assumptions.abort("RabbitMQ on 127.0.0.1:5672 does not answer");
  }

  private static boolean answers() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", PORT), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A message taken off the test queue. */
  record Message(String routingKey, String messageId, String body) {}

  /** Everything in the queue now, acknowledged. */
  List<Message> drain() {
    List<Message> out = new ArrayList<>();
    try {
      GetResponse r;
      while ((r = channel.basicGet(queue, true)) != null) {
        out.add(
            new Message(
                r.getEnvelope().getRoutingKey(),
                r.getProps().getMessageId(),
                new String(r.getBody(), java.nio.charset.StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (IOException e) {
      // the auto-delete exchange and exclusive queue go with the connection anyway
    }
  }
}
