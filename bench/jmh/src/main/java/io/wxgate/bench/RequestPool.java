package io.wxgate.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes signed, encrypted safe-mode text pushes for wrk to replay, one per line: {@code
 * <path?query> TAB <body>}. Every push has its own MsgId and nonce, so with de-duplication on each
 * one is a callback really served.
 *
 * <p>{@code RequestPool <file> <count> <firstMsgId> <appId> <token> <aesKey> [content]}; the
 * timestamp is now, so use the pool within the gateway's freshness window (300 s by default).
 */
public final class RequestPool {
  private RequestPool() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 6) {
      System.err.println(
          "usage: RequestPool <file> <count> <firstMsgId> <appId> <token> <aesKey> [content]");
      System.exit(2);
    }
    Path file = Path.of(args[0]);
    int count = Integer.parseInt(args[1]);
    long firstMsgId = Long.parseLong(args[2]);
    String appId = args[3];
    Fixture.Pushes maker = new Fixture.Pushes(appId, args[4], args[5]);
    String content = args.length > 6 ? args[6] : Fixture.CONTENT;
    long now = System.currentTimeMillis() / 1000;
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < count; i++) {
        Fixture.SignedPush p = maker.text(content, firstMsgId + i, now);
        out.write(p.pathAndQuery(appId));
        out.write('\t');
        out.write(p.body());
        out.write('\n');
      }
    }
  }
}
