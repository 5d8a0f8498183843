package dev.eventstack.launcher;

import ch.qos.logback.classic.LoggerContext;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/** {@code java -jar eventstack.jar [command] [options]}: see {@link Cli}. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    // Vert.x and Hazelcast log through SLF4J (Logback), like the rest of the system.
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.setProperty("hazelcast.logging.type", "slf4j");
    int code = Cli.commandLine().execute(args);
    if (code != Cli.KEEP_RUNNING) {
      System.out.flush();
      System.exit(code);
    }
  }

  /**
   * Starts a node and leaves it running; a failed start prints one line and exits with 1. The
   * configuration is read and checked first, so a conflict exits with 2 before anything starts.
   */
  static int runNode(NodeOptions options) {
    NodeConfig config = Cli.resolve(options, System.getenv());
    EventStack stack;
    try {
      stack = EventStack.start(config).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      System.err.println("eventstack: failed to start: " + cause.getMessage());
      return Cli.EXIT_FAILED;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(stack), "eventstack-shutdown"));
    return Cli.KEEP_RUNNING;
  }

  /**
   * SIGTERM or Ctrl-C: a graceful stop, then exit 0 (the JVM would report 143 for a signal), or 1
   * when the stop did not finish cleanly.
   */
  private static void stop(EventStack stack) {
    int code = 0;
    try {
      stack.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("eventstack: unclean shutdown: " + e);
      code = Cli.EXIT_FAILED;
    }
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop();
    }
    Runtime.getRuntime().halt(code);
  }
}
