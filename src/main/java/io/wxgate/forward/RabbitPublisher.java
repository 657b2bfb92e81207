package io.wxgate.forward;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.wxgate.config.ForwardConfig.Target;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes to one RabbitMQ target with publisher confirms: {@link #publish} returns only once the
 * broker confirmed the message, so a delivery is marked DELIVERED only then. One connection and one
 * confirm channel per target, opened on first use and reopened after any failure (the client's own
 * recovery is off: a failed publish is retried from the durable table instead).
 */
final class RabbitPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RabbitPublisher.class);

  private final Target target;
  private final ConnectionFactory factory = new ConnectionFactory();
  // a lock, not synchronized: publishers run on virtual threads and block on the network
  private final ReentrantLock lock = new ReentrantLock();
  private Connection connection;
  private Channel channel;
  private boolean closed;

  RabbitPublisher(Target target) {
    this.target = target;
    try {
      factory.setUri(target.url());
    } catch (Exception e) {
      throw new IllegalArgumentException(
          "forward.targets[" + target.name() + "].url is not a valid AMQP URI");
    }
    // the AMQP URI spec reads "amqp://host/" as the empty vhost; everyone means the default one
    String path = target.url().getRawPath();
    if (path == null || path.isEmpty() || path.equals("/")) factory.setVirtualHost("/");
    if (target.secret() != null) factory.setPassword(target.secret().reveal());
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, target.timeout().toMillis());
    factory.setConnectionTimeout(timeoutMillis);
    factory.setHandshakeTimeout(timeoutMillis);
    factory.setShutdownTimeout(timeoutMillis);
    factory.setAutomaticRecoveryEnabled(false);
    factory.setTopologyRecoveryEnabled(false);
    factory.setRequestedHeartbeat(30);
  }

  /**
   * Publishes persistently and waits for the broker's confirm.
   *
   * @throws IOException when the broker is unreachable, refuses or nacks the message
   * @throws TimeoutException when no confirm came within the target's timeout
   */
  void publish(String routingKey, String eventId, byte[] body)
      throws IOException, TimeoutException, InterruptedException {
    lock.lockInterruptibly();
    try {
      if (closed) throw new IOException("publisher closed");
      Channel ch = channel();
      AMQP.BasicProperties props =
          new AMQP.BasicProperties.Builder()
              .contentType("application/json")
              .contentEncoding("utf-8")
              .deliveryMode(2)
              .messageId(eventId)
              .appId("wxgate")
              .headers(Map.of("x-wxgate-event-id", eventId))
              .build();
      try {
        ch.basicPublish(target.exchange(), routingKey, false, props, body);
        ch.waitForConfirmsOrDie(target.timeout().toMillis());
      } catch (IOException | TimeoutException | RuntimeException e) {
        reset();
        throw e;
      }
    } finally {
      lock.unlock();
    }
  }

  private Channel channel() throws IOException, TimeoutException {
    if (channel != null && channel.isOpen()) return channel;
    reset();
    connection = factory.newConnection("wxgate-forward-" + target.name());
    channel = connection.createChannel();
    channel.confirmSelect();
    log.info("connected to RabbitMQ target {} at {}", target.name(), target.redactedUrl());
    return channel;
  }

  private void reset() {
    Connection c = connection;
    connection = null;
    channel = null;
    if (c != null) {
      try {
        c.abort(1000);
      } catch (RuntimeException ignored) {
        // already broken; abort never matters more than the failure being reported
      }
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      reset();
    } finally {
      lock.unlock();
    }
  }
}
