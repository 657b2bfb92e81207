package io.wxgate.tracing;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry reports its own trouble (a collector that refuses or cannot be reached) through
 * {@code java.util.logging}; this sends those records to wxgate's log, so they are JSON lines like
 * every other. Installed while tracing runs, removed on close.
 */
final class OtelDiagnostics extends Handler {
  // java.util.logging holds loggers weakly: keep the configured one alive
  private final java.util.logging.Logger otel;
  private final SimpleFormatter formatter = new SimpleFormatter();

  private OtelDiagnostics(java.util.logging.Logger otel) {
    this.otel = otel;
  }

  static OtelDiagnostics install() {
    java.util.logging.Logger otel = java.util.logging.Logger.getLogger("io.opentelemetry");
    OtelDiagnostics handler = new OtelDiagnostics(otel);
    otel.addHandler(handler);
    otel.setUseParentHandlers(false);
    return handler;
  }

  @Override
  public void publish(LogRecord r) {
    Logger log =
        LoggerFactory.getLogger(r.getLoggerName() == null ? "io.opentelemetry" : r.getLoggerName());
    String message = formatter.formatMessage(r);
    int level = r.getLevel().intValue();
    if (level >= Level.SEVERE.intValue()) log.error(message, r.getThrown());
    else if (level >= Level.WARNING.intValue()) log.warn(message, r.getThrown());
    else if (level >= Level.INFO.intValue()) log.info(message, r.getThrown());
    else log.debug(message, r.getThrown());
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    otel.removeHandler(this);
    if (otel.getHandlers().length == 0) otel.setUseParentHandlers(true);
  }
}
