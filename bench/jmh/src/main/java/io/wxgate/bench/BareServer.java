package io.wxgate.bench;

import io.javalin.Javalin;

/**
 * The framework's ceiling: Javalin on Jetty answering every POST with a fixed 200 and no work at
 * all, to compare the gateway with under the same load.
 *
 * <p>{@code BareServer <port> [virtual|platform]}: request handling on virtual threads (the
 * gateway's current choice) or Jetty's platform thread pool.
 */
public final class BareServer {
  private BareServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    boolean virtual = args.length < 2 || args[1].equals("virtual");
    Javalin app =
        Javalin.create(
            c -> {
              c.startup.showJavalinBanner = false;
              c.startup.showOldJavalinVersionWarning = false;
              c.jetty.host = "127.0.0.1";
              c.jetty.port = port;
              c.concurrency.useVirtualThreads = virtual;
              c.routes.post("/wx/{appId}/callback", ctx -> ctx.contentType("text/plain").result("success"));
              c.routes.get("/healthz", ctx -> ctx.result("ok"));
            });
    app.start();
    Runtime.getRuntime().addShutdownHook(new Thread(app::stop));
    System.out.println("bare javalin on " + port + (virtual ? " (virtual threads)" : " (platform threads)"));
  }
}
