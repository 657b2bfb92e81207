package io.wxgate.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.List;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * The gateway's logging, configured in code (logback finds it through {@code META-INF/services}):
 * JSON lines or text to standard output through an async appender, and the access log ({@code
 * wxgate.access}) through {@link BatchingConsoleAppender}. Reading the same from XML cost ~100 ms
 * of every start on the main thread (Joran and a SAX parser, docs/BENCHMARKS.md).
 *
 * <p>It applies only when the CLI asked for it ({@value #FORMAT_PROPERTY} = {@code json} or {@code
 * text}, set by {@code Main} from {@code WXGATE_LOG_FORMAT}); otherwise, e.g. with {@code
 * -Dlogback.configurationFile=…} or in tests, logback's own lookup runs as usual. The root level
 * comes from {@code WXGATE_LOG_LEVEL} (default INFO).
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {
  /** System property naming the format: {@code json} or {@code text}. */
  public static final String FORMAT_PROPERTY = "wxgate.logFormat";

  private static final String PATTERN =
      "%d{HH:mm:ss.SSS} %-5level [%X{traceId:-}] %logger{24} - %msg%n";
  private static final List<String> QUIET =
      List.of(
          "org.eclipse.jetty",
          "io.javalin",
          "com.zaxxer.hikari",
          "org.flywaydb",
          "io.lettuce",
          "io.netty");

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    String format = System.getProperty(FORMAT_PROPERTY);
    if (!"json".equals(format) && !"text".equals(format)) return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    boolean json = format.equals("json");
    // the shaded jar has no per-library manifests, so logback cannot compare versions: keep quiet
    context.getStatusManager().add(new NopStatusListener());

    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName(json ? "JSON" : "CONSOLE");
    console.setEncoder(encoder(context, json));
    console.start();
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName("ASYNC");
    async.setQueueSize(8192);
    async.setDiscardingThreshold(0);
    async.setNeverBlock(true);
    async.addAppender(console);
    async.start();

    // one line per request: queued without a lock or a wake-up, written in one batch every 50 ms
    BatchingConsoleAppender access = new BatchingConsoleAppender();
    access.setContext(context);
    access.setName("ACCESS");
    access.setIntervalMillis(50);
    access.setQueueSize(65_536);
    access.setEncoder(encoder(context, json));
    access.start();
    Logger accessLogger = context.getLogger("wxgate.access");
    accessLogger.setAdditive(false);
    accessLogger.addAppender(access);

    for (String name : QUIET) context.getLogger(name).setLevel(Level.WARN);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(System.getenv("WXGATE_LOG_LEVEL"), Level.INFO));
    root.addAppender(async);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json) {
    if (json) {
      LogstashEncoder encoder = new LogstashEncoder();
      encoder.setContext(context);
      encoder.setIncludeCallerData(false);
      encoder.start();
      return encoder;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    return encoder;
  }
}
