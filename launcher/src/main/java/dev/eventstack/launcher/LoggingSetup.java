package dev.eventstack.launcher;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.net.SyslogAppender;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@code logging} section on top of {@code conf/logback.xml}: the level of eventstack's
 * own loggers, per-logger overrides, and the UDP target of seed 000's {@code --log_host}/{@code
 * --log_port}, as syslog datagrams (one event per datagram).
 */
final class LoggingSetup {

  static final String UDP_APPENDER = "UDP";

  /** Events waiting for the UDP socket; beyond this they are dropped rather than waited for. */
  private static final int UDP_QUEUE = 1024;

  private LoggingSetup() {}

  static void apply(JsonObject logging) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    String level = logging.getString("level");
    if (level != null) {
      context.getLogger("dev.eventstack").setLevel(Level.toLevel(level));
      context.getLogger("eventstack").setLevel(Level.toLevel(level));
    }
    for (Map.Entry<String, Object> override : logging.getJsonObject("levels", new JsonObject())) {
      context
          .getLogger(override.getKey())
          .setLevel(Level.toLevel(String.valueOf(override.getValue())));
    }
    JsonObject udp = logging.getJsonObject("udp");
    if (udp != null && udp.getString("host") != null) {
      addUdp(context, udp.getString("host"), udp.getInteger("port"));
    }
  }

  /**
   * A dead or slow target must never slow a request: the syslog appender sends over UDP, behind an
   * asynchronous queue that drops events instead of blocking when it is full.
   */
  private static void addUdp(LoggerContext context, String host, int port) {
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    if (root.getAppender(UDP_APPENDER) != null) {
      return;
    }
    SyslogAppender syslog = new SyslogAppender();
    syslog.setContext(context);
    syslog.setName("UDP-syslog");
    syslog.setSyslogHost(host);
    syslog.setPort(port);
    syslog.setFacility("USER");
    syslog.setSuffixPattern("eventstack %logger{0} %msg");
    syslog.start();
    AsyncAppender async = new AsyncAppender();
    async.setContext(context);
    async.setName(UDP_APPENDER);
    async.setQueueSize(UDP_QUEUE);
    async.setDiscardingThreshold(0);
    async.setNeverBlock(true);
    async.addAppender(syslog);
    async.start();
    root.addAppender(async);
    LoggerFactory.getLogger(LoggingSetup.class).info("logging to udp://{}:{}", host, port);
  }

  /** Removes the UDP target again: a node's close, or a test, calls this. */
  static void detachUdp() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      ch.qos.logback.core.Appender<ch.qos.logback.classic.spi.ILoggingEvent> udp =
          root.getAppender(UDP_APPENDER);
      if (udp != null) {
        root.detachAppender(udp);
        udp.stop();
      }
    }
  }
}
