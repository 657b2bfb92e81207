package io.wxgate.cli;

import io.wxgate.Gateway;
import io.wxgate.config.Account;
import java.util.Locale;

/** The start-up banner: where wxgate listens, what it serves, and in demo mode how to try it. */
final class Banner {
  private Banner() {}

  static String text(Gateway gateway) {
    int port = gateway.port();
    StringBuilder b = new StringBuilder();
    b.append("wxgate is serving on http://localhost:").append(port).append('\n');
    for (Account a : gateway.config().accounts()) {
      b.append("  account ")
          .append(a.appId())
          .append(" (")
          .append(a.mode().name().toLowerCase(Locale.ROOT))
          .append("): callback URL http://<host>:")
          .append(port)
          .append("/wx/")
          .append(a.appId())
          .append("/callback\n");
    }
    gateway
        .sandboxUrl()
        .ifPresent(
            url ->
                b.append("  DEMO MODE: no account configured, so wxgate talks to its built-in")
                    .append(" WeChat sandbox at ")
                    .append(url)
                    .append(" with the demo account above.\n")
                    .append("  Try it: ./wxgate sandbox push --url http://127.0.0.1:")
                    .append(port)
                    .append("/wx/{appId}/callback --text hello\n"));
    gateway
        .demoApiKey()
        .ifPresent(
            key ->
                b.append("  Send a first template message (demo API key ")
                    .append(key)
                    .append("):\n")
                    .append("    curl -s -X POST http://localhost:")
                    .append(port)
                    .append("/api/v1/messages -H 'X-Api-Key: ")
                    .append(key)
                    .append("' -H 'Content-Type: application/json' -d '{\"appId\":\"")
                    .append(gateway.config().accounts().get(0).appId())
                    .append("\",\"type\":\"template\",\"toUser\":\"oDemoUser0000000000000001\",")
                    .append("\"templateId\":\"demo_template\",")
                    .append("\"data\":{\"thing1\":{\"value\":\"hello\"}}}'\n")
                    .append("    then GET /api/v1/messages/<id> with the same header.\n"));
    b.append("  health: http://localhost:").append(port).append("/healthz");
    return b.toString();
  }
}
