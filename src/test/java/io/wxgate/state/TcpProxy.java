package io.wxgate.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy in front of a real server that a test can cut ({@link #stop}: every connection
 * closed, new ones closed at once) and restore ({@link #start}), to simulate an outage without
 * touching the shared server. It keeps listening while cut: a released port can be taken by any
 * outgoing connection on the machine as its ephemeral port, and could not be bound again.
 */
public final class TcpProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile ServerSocket server;
  private volatile boolean cut;
  private volatile boolean blackhole;

  public TcpProxy(URI target) {
    this.targetHost = target.getHost();
    this.targetPort = target.getPort();
  }

  /** Starts accepting, or serves again after {@link #stop}. */
  public synchronized TcpProxy start() {
    cut = false;
    blackhole = false;
    if (server != null) return this;
    try {
      ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      server = s;
      Thread.ofVirtual().name("proxy-accept").start(() -> accept(s));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Refuses new connections and cuts every open one. */
  public synchronized void stop() {
    cut = true;
    sockets.forEach(TcpProxy::closeQuietly);
    sockets.clear();
  }

  /**
   * Keeps every connection open but drops all bytes, like a server that hangs. Follow with {@link
   * #stop} and {@link #start}: the dropped replies leave the clients' connections unusable.
   */
  public void blackhole() {
    blackhole = true;
  }

  public URI uri() {
    return URI.create("redis://127.0.0.1:" + server.getLocalPort());
  }

  private void accept(ServerSocket s) {
    while (!s.isClosed()) {
      try {
        Socket client = s.accept();
        // Under the same lock as stop(), so no connection slips through a cut.
        synchronized (this) {
          if (cut) {
            closeQuietly(client);
            continue;
          }
          Socket upstream = new Socket(targetHost, targetPort);
          sockets.add(client);
          sockets.add(upstream);
          Thread.ofVirtual().start(() -> pump(client, upstream));
          Thread.ofVirtual().start(() -> pump(upstream, client));
        }
      } catch (IOException e) {
        return; // closed by close()
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[8192];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        if (blackhole) continue;
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // connection cut
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      if (c != null) c.close();
    } catch (Exception ignored) {
      // already closed
    }
  }

  @Override
  public synchronized void close() {
    stop();
    closeQuietly(server);
  }
}
