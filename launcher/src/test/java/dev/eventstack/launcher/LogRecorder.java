package dev.eventstack.launcher;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Records what one logger logs while a test runs in the node's JVM, to count lines. */
final class LogRecorder implements AutoCloseable {

  private final Logger logger;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  LogRecorder(String loggerName) {
    logger = (Logger) LoggerFactory.getLogger(loggerName);
    appender.start();
    logger.addAppender(appender);
  }

  /** How many recorded lines contain {@code text}. */
  long count(String text) {
    // The appender adds under its own lock (AppenderBase.doAppend is synchronized).
    synchronized (appender) {
      return List.copyOf(appender.list).stream()
          .filter(event -> event.getFormattedMessage().contains(text))
          .count();
    }
  }

  /** How many recorded lines contain {@code text} and carry an exception with its stack. */
  long countWithStack(String text) {
    synchronized (appender) {
      return List.copyOf(appender.list).stream()
          .filter(event -> event.getFormattedMessage().contains(text))
          .filter(event -> event.getThrowableProxy() != null)
          .filter(event -> event.getThrowableProxy().getStackTraceElementProxyArray().length > 0)
          .count();
    }
  }

  @Override
  public void close() {
    logger.detachAppender(appender);
    appender.stop();
  }
}
