package io.wxgate.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class BatchingConsoleAppenderTest {
  final LoggerContext context = new LoggerContext();
  final ByteArrayOutputStream sink = new ByteArrayOutputStream();

  BatchingConsoleAppender appender(int queueSize, long intervalMillis) {
    context.setMDCAdapter(MDC.getMDCAdapter());
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%X{traceId} %msg%n");
    encoder.start();
    BatchingConsoleAppender a = new BatchingConsoleAppender();
    a.setContext(context);
    a.setName("test");
    a.setEncoder(encoder);
    a.setQueueSize(queueSize);
    a.setIntervalMillis(intervalMillis);
    a.setOut(new PrintStream(sink, true, StandardCharsets.UTF_8));
    return a;
  }

  LoggingEvent event(String message, Object... args) {
    return new LoggingEvent(
        "test", context.getLogger("wxgate.access"), Level.INFO, message, null, args);
  }

  List<String> lines() {
    String s = sink.toString(StandardCharsets.UTF_8);
    return s.isEmpty() ? List.of() : List.of(s.split("\n"));
  }

  @Test
  void lines_are_written_in_order_with_the_mdc_of_the_logging_thread() {
    // a long interval: only drain() and stop() write, so the test does not depend on timing
    BatchingConsoleAppender a = appender(100, 60_000);
    a.start();
    for (int i = 0; i < 3; i++) {
      MDC.put("traceId", "t" + i);
      a.doAppend(event("line {}", i));
    }
    MDC.remove("traceId");
    assertThat(lines()).isEmpty();
    a.drain();
    assertThat(lines()).containsExactly("t0 line 0", "t1 line 1", "t2 line 2");
    a.doAppend(event("last"));
    a.stop();
    assertThat(lines()).hasSize(4).last().isEqualTo(" last");
  }

  @Test
  void events_beyond_the_queue_size_are_dropped_and_counted_not_blocked_on() {
    BatchingConsoleAppender a = appender(2, 60_000);
    a.start();
    for (int i = 0; i < 5; i++) a.doAppend(event("e{}", i));
    assertThat(a.dropped()).isEqualTo(3);
    a.drain();
    assertThat(lines()).containsExactly(" e0", " e1");
    a.doAppend(event("after"));
    a.drain();
    assertThat(lines()).hasSize(3);
    a.stop();
  }

  @Test
  void without_an_encoder_it_does_not_start() {
    BatchingConsoleAppender a = new BatchingConsoleAppender();
    a.setContext(context);
    a.start();
    assertThat(a.isStarted()).isFalse();
  }
}
