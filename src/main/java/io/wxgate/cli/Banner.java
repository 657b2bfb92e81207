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
    b.append("  health: http://localhost:").append(port).append("/healthz");
    return b.toString();
  }
}
