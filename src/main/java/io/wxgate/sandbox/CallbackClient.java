package io.wxgate.sandbox;

import io.wxgate.WxgateException;
import io.wxgate.config.Account;
import io.wxgate.wechat.crypto.MessageCrypt;
import io.wxgate.wechat.crypto.Signature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

/**
 * Pushes a message or event to a gateway's callback URL exactly as WeChat does: the 3-field {@code
 * signature}, {@code timestamp}, {@code nonce} and {@code openid} on every push, and in compatible
 * and safe mode {@code encrypt_type=aes} with {@code msg_signature} over the AES envelope. Reads
 * the gateway's answer as WeChat would (verifying and decrypting an encrypted reply). Thread-safe.
 */
public final class CallbackClient implements AutoCloseable {
  /**
   * What the gateway answered.
   *
   * @param status HTTP status
   * @param body the raw body
   * @param reply the reply XML, decrypted when it came encrypted; null for {@code success}, an
   *     empty body, or a reply that failed its checks
   * @param problem why the answer would not satisfy WeChat (bad reply signature, undecryptable, not
   *     XML), or null
   */
  public record Response(int status, String body, String reply, String problem) {}

  private final HttpClient http;
  private final Duration timeout;
  private final InstantSource clock;
  private final SecureRandom random = new SecureRandom();

  /** {@code timeout} bounds each push; WeChat gives up after 5 seconds. */
  public CallbackClient(Duration timeout, InstantSource clock) {
    this.timeout = timeout;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .build();
  }

  /**
   * Pushes {@code plainXml} (a message as {@link InboundXml} writes it) for {@code account}.
   *
   * @param urlTemplate the callback URL; {@code {appId}} is replaced by the account's AppID
   * @param mode PLAINTEXT sends the XML as is; COMPATIBLE adds {@code Encrypt}; SAFE sends only
   *     {@code ToUserName} and {@code Encrypt}
   * @throws IllegalArgumentException if an encrypted mode is asked of an account without AES key
   * @throws WxgateException if the gateway cannot be reached or does not answer in time
   */
  public Response push(String urlTemplate, Account account, String plainXml, Account.Mode mode) {
    Map<String, String> message = FlatXml.fields(plainXml);
    if (message == null) throw new IllegalArgumentException("the message is not XML");
    String token = account.token().reveal();
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    String nonce = Long.toString(1_000_000_000L + random.nextLong(9_000_000_000L));
    StringBuilder query = new StringBuilder();
    query.append("signature=").append(Signature.sign(token, timestamp, nonce));
    query.append("&timestamp=").append(timestamp).append("&nonce=").append(nonce);
    query.append("&openid=").append(encode(message.getOrDefault("FromUserName", "")));
    String body = plainXml;
    if (mode != Account.Mode.PLAINTEXT) {
      String encrypt = crypt(account).encrypt(plainXml);
      query.append("&encrypt_type=aes&msg_signature=");
      query.append(Signature.sign(token, timestamp, nonce, encrypt));
      String element = "<Encrypt>" + InboundXml.cdata(encrypt) + "</Encrypt>\n";
      body =
          mode == Account.Mode.SAFE
              ? "<xml><ToUserName>"
                  + InboundXml.cdata(message.getOrDefault("ToUserName", ""))
                  + "</ToUserName>\n"
                  + element
                  + "</xml>"
              : plainXml.substring(0, plainXml.lastIndexOf("</xml>")) + element + "</xml>";
    }
    URI url = URI.create(urlTemplate.replace("{appId}", account.appId()) + "?" + query);
    HttpResponse<String> response = send(url, body);
    return read(account, response.statusCode(), response.body());
  }

  private HttpResponse<String> send(URI url, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("User-Agent", "Mozilla/4.0 (wxgate sandbox)")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    String where = url.getScheme() + "://" + url.getAuthority() + url.getPath();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new WxgateException(
          "cannot push to " + where + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WxgateException("interrupted while pushing to " + where);
    }
  }

  private Response read(Account account, int status, String body) {
    String trimmed = body.strip();
    if (trimmed.isEmpty() || trimmed.equals("success")) {
      return new Response(status, body, null, null);
    }
    Map<String, String> fields = FlatXml.fields(trimmed);
    if (fields == null) return new Response(status, body, null, "the answer is not XML");
    String encrypt = fields.get("Encrypt");
    if (encrypt == null) return new Response(status, body, trimmed, null);
    if (account.aesKey() == null) {
      return new Response(status, body, null, "an encrypted reply for an account without AES key");
    }
    boolean signed =
        Signature.verify(
            fields.get("MsgSignature"),
            account.token().reveal(),
            fields.get("TimeStamp"),
            fields.get("Nonce"),
            encrypt);
    if (!signed) return new Response(status, body, null, "the reply's MsgSignature does not match");
    try {
      return new Response(status, body, crypt(account).decrypt(encrypt).xml(), null);
    } catch (RuntimeException e) {
      return new Response(status, body, null, "the reply does not decrypt: " + e.getMessage());
    }
  }

  private static MessageCrypt crypt(Account account) {
    if (account.aesKey() == null) {
      throw new IllegalArgumentException(
          "account " + account.appId() + " has no AES key; use plaintext mode");
    }
    return new MessageCrypt(account.appId(), account.aesKey(), account.previousAesKey());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    http.close();
  }
}
