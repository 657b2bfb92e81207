package io.wxgate.cli;

import io.wxgate.config.WxgateConfig;

/** The start-up banner: where wxgate listens and what it serves. */
final class Banner {
  private Banner() {}

  static String text(WxgateConfig config, int port) {
    StringBuilder b = new StringBuilder();
    b.append("wxgate is serving on http://localhost:").append(port).append('\n');
    if (config.accounts().isEmpty()) {
      b.append("  no account configured: set WXGATE_APP_ID, WXGATE_TOKEN, WXGATE_AES_KEY\n");
    }
    for (var a : config.accounts()) {
      b.append("  account ")
          .append(a.appId())
          .append(" (")
          .append(a.mode().name().toLowerCase(java.util.Locale.ROOT))
          .append("): callback URL http://<host>:")
          .append(port)
          .append("/wx/")
          .append(a.appId())
          .append("/callback\n");
    }
    b.append("  health: http://localhost:").append(port).append("/healthz");
    return b.toString();
  }
}
