package io.wxgate.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.util.ServiceLoader;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LogConfigurationTest {
  private final LoggerContext context = new LoggerContext();

  @AfterEach
  void reset() {
    System.clearProperty(LogConfiguration.FORMAT_PROPERTY);
    context.stop();
  }

  @Test
  void logback_finds_it_as_a_service() {
    assertThat(ServiceLoader.load(ch.qos.logback.classic.spi.Configurator.class).stream())
        .anyMatch(p -> p.type() == LogConfiguration.class);
  }

  @Test
  void json_lines_through_an_async_appender_and_the_access_log_batched_on_its_own() {
    System.setProperty(LogConfiguration.FORMAT_PROPERTY, "json");

    assertThat(configure()).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.INFO);
    AsyncAppender async = (AsyncAppender) root.getAppender("ASYNC");
    assertThat(async.isStarted()).isTrue();
    assertThat(async.isNeverBlock()).isTrue();
    ConsoleAppender<?> console = (ConsoleAppender<?>) async.getAppender("JSON");
    assertThat(console.getEncoder()).isInstanceOf(LogstashEncoder.class);

    Logger access = context.getLogger("wxgate.access");
    assertThat(access.isAdditive()).isFalse();
    assertThat(access.getAppender("ACCESS")).isInstanceOf(BatchingConsoleAppender.class);
    assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("org.flywaydb").getLevel()).isEqualTo(Level.WARN);
  }

  @Test
  void text_when_asked_for() {
    System.setProperty(LogConfiguration.FORMAT_PROPERTY, "text");

    configure();

    AsyncAppender async =
        (AsyncAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC");
    assertThat(async.getAppender("CONSOLE")).isNotNull();
  }

  @Test
  void without_the_cli_asking_logback_configures_itself_as_usual() {
    assertThat(configure()).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext())
        .isFalse();
  }

  private ExecutionStatus configure() {
    LogConfiguration configuration = new LogConfiguration();
    configuration.setContext(context);
    return configuration.configure(context);
  }
}
