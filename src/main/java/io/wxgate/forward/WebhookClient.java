package io.wxgate.forward;

import io.wxgate.config.ForwardConfig.Target;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Signed JSON POSTs to webhook targets, each bounded by the target's timeout end to end. */
final class WebhookClient implements AutoCloseable {
  static final String EVENT_ID_HEADER = "X-Wxgate-Event-Id";
  static final String DELIVERY_ID_HEADER = "X-Wxgate-Delivery-Id";
  static final String MODE_HEADER = "X-Wxgate-Delivery";
  static final String ATTEMPT_HEADER = "X-Wxgate-Attempt";

  // built at the first post: its TLS context (the JDK's trust store parsed) is ~50-70 ms of CPU
  // that a start on two cores would otherwise share with everything else
  private volatile HttpClient http;

  private HttpClient client() {
    HttpClient c = http;
    if (c == null) {
      synchronized (this) {
        c = http;
        if (c == null) {
          c =
              HttpClient.newBuilder()
                  .version(HttpClient.Version.HTTP_1_1)
                  .connectTimeout(Duration.ofSeconds(5))
                  .followRedirects(HttpClient.Redirect.NEVER)
                  .build();
          http = c;
        }
      }
    }
    return c;
  }

  /** What came back, or why nothing usable did. */
  sealed interface Outcome {}

  record Answered(int status, byte[] body) implements Outcome {
    boolean ok() {
      return status >= 200 && status < 300;
    }
  }

  /**
   * @param result a metric tag: timeout, connect or error
   */
  record Failed(String result, String reason) implements Outcome {}

  /**
   * POSTs {@code body} signed with the target's secret at {@code timestamp}. Never throws for
   * network trouble; an interrupt (closing) is passed on as {@link InterruptedException}.
   *
   * @param deliveryId null for sync calls
   */
  Outcome post(
      Target target,
      String mode,
      String eventId,
      String deliveryId,
      int attempt,
      long timestamp,
      byte[] body)
      throws InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.url())
            .timeout(target.timeout())
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "wxgate")
            .header(MODE_HEADER, mode)
            .header(EVENT_ID_HEADER, eventId)
            .header(ATTEMPT_HEADER, Integer.toString(attempt))
            .header(Signatures.TIMESTAMP_HEADER, Long.toString(timestamp))
            .header(Signatures.SIGNATURE_HEADER, Signatures.sign(target.secret(), timestamp, body))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (deliveryId != null) request.header(DELIVERY_ID_HEADER, deliveryId);
    // the request timeout stops at the response headers; the future bounds the body too
    CompletableFuture<HttpResponse<byte[]>> call =
        client().sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    try {
      HttpResponse<byte[]> r = call.get(target.timeout().toNanos(), TimeUnit.NANOSECONDS);
      return new Answered(r.statusCode(), r.body());
    } catch (TimeoutException e) {
      call.cancel(true);
      return new Failed("timeout", "no answer within " + target.timeout().toMillis() + " ms");
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HttpTimeoutException) {
        return new Failed("timeout", "no answer within " + target.timeout().toMillis() + " ms");
      }
      if (cause instanceof ConnectException) {
        return new Failed("connect", "cannot connect: " + cause.getClass().getSimpleName());
      }
      if (cause instanceof IOException) {
        return new Failed("error", "I/O error: " + describe(cause));
      }
      return new Failed("error", "failed: " + describe(cause));
    }
  }

  private static String describe(Throwable t) {
    String m = t.getMessage();
    return t.getClass().getSimpleName()
        + (m == null ? "" : " " + io.wxgate.store.Sql.truncate(m, 200));
  }

  @Override
  public synchronized void close() {
    HttpClient built = http;
    if (built != null) built.shutdownNow();
  }
}
