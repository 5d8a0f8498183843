package dev.eventstack.launcher;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code java -jar eventstack.jar [options]}: parses the command line and starts the node. */
public final class Main {

  static final int EXIT_USAGE = 2;
  static final int EXIT_START_FAILED = 1;

  private Main() {}

  public static void main(String[] args) {
    // Vert.x and Hazelcast log through SLF4J (Logback), like the rest of the system.
    System.setProperty(
        "vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.setProperty("hazelcast.logging.type", "slf4j");

    LaunchOptions options;
    try {
      options = LaunchOptions.parse(List.of(args), System.getenv());
    } catch (UsageException e) {
      exit(System.err, "eventstack: " + e.getMessage(), EXIT_USAGE);
      return;
    }
    if (options.help()) {
      exit(System.out, LaunchOptions.USAGE, 0);
      return;
    }
    EventStack stack;
    try {
      stack = EventStack.start(options).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      exit(System.err, "eventstack: failed to start: " + cause.getMessage(), EXIT_START_FAILED);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(stack), "eventstack-shutdown"));
  }

  private static void stop(EventStack stack) {
    try {
      stack.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("eventstack: unclean shutdown: " + e);
    }
  }

  private static void exit(PrintStream stream, String message, int code) {
    stream.println(message);
    stream.flush();
    System.exit(code);
  }
}
