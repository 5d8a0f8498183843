package dev.eventstack.launcher;

import ch.qos.logback.classic.LoggerContext;
import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/** {@code java -jar eventstack.jar [options]}: parses the command line and starts the node. */
public final class Main {

  static final int EXIT_USAGE = 2;
  static final int EXIT_START_FAILED = 1;

  private Main() {}

  public static void main(String[] args) {
    // Vert.x and Hazelcast log through SLF4J (Logback), like the rest of the system.
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    System.setProperty("hazelcast.logging.type", "slf4j");

    if (args.length > 0 && args[0].equals("token")) {
      token(List.of(args).subList(1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("taps")) {
      taps(List.of(args).subList(1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("bench-baseline")) {
      benchBaseline(List.of(args).subList(1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("bench-ws")) {
      benchWs(List.of(args).subList(1, args.length));
      return;
    }
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

  private static void token(List<String> args) {
    String token;
    try {
      token = TokenCommand.run(args, System.getenv());
    } catch (UsageException e) {
      exit(System.err, "eventstack token: " + e.getMessage(), EXIT_USAGE);
      return;
    }
    exit(System.out, token == null ? TokenCommand.USAGE : token, 0);
  }

  /** Runs the tap simulator until its count is done, or until Ctrl-C; prints the summary. */
  private static void taps(List<String> args) {
    TapSimulator.Options options;
    try {
      options = TapSimulator.Options.parse(args, System.getenv());
    } catch (UsageException e) {
      exit(System.err, "eventstack taps: " + e.getMessage(), EXIT_USAGE);
      return;
    }
    if (options == null) {
      exit(System.out, TapSimulator.USAGE, 0);
      return;
    }
    Vertx vertx = Vertx.vertx();
    TapSimulator simulator = new TapSimulator(vertx, options, System.out);
    Thread interrupted =
        new Thread(
            () -> {
              System.out.println(simulator.summary());
              System.out.flush();
            },
            "taps-summary");
    Runtime.getRuntime().addShutdownHook(interrupted);
    TapSimulator.Summary summary;
    try {
      summary = simulator.run().toCompletionStage().toCompletableFuture().get();
      simulator.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      exit(System.err, "eventstack taps: " + e.getMessage(), EXIT_START_FAILED);
      return;
    }
    Runtime.getRuntime().removeShutdownHook(interrupted);
    exit(System.out, summary.toString(), summary.posted() > 0 ? 0 : EXIT_START_FAILED);
  }

  /** The bare Vert.x server that scripts/bench measures as the ceiling; runs until stopped. */
  private static void benchBaseline(List<String> args) {
    BenchBaseline.Options options;
    try {
      options = BenchBaseline.Options.parse(args);
    } catch (UsageException e) {
      exit(System.err, "eventstack bench-baseline: " + e.getMessage(), EXIT_USAGE);
      return;
    }
    if (options == null) {
      exit(System.out, BenchBaseline.USAGE, 0);
      return;
    }
    Vertx vertx = Vertx.vertx();
    try {
      BenchBaseline.deploy(vertx, options).toCompletionStage().toCompletableFuture().get();
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      exit(System.err, "eventstack bench-baseline: " + cause.getMessage(), EXIT_START_FAILED);
      return;
    }
    System.out.println(
        "bench-baseline listening on http://"
            + options.host()
            + ":"
            + options.port()
            + " instances="
            + options.instances());
  }

  /** The WebSocket fan-out load tool of scripts/bench; prints its figures and exits. */
  private static void benchWs(List<String> args) {
    BenchWs.Options options;
    try {
      options = BenchWs.Options.parse(args, System.getenv());
    } catch (UsageException e) {
      exit(System.err, "eventstack bench-ws: " + e.getMessage(), EXIT_USAGE);
      return;
    }
    if (options == null) {
      exit(System.out, BenchWs.USAGE, 0);
      return;
    }
    // The client's pool warns for each socket it closes at the end; that is the plan, not news.
    if (LoggerFactory.getLogger("io.vertx.core.http")
        instanceof ch.qos.logback.classic.Logger http) {
      http.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
    Vertx vertx = Vertx.vertx();
    BenchWs.Result result;
    try {
      result =
          new BenchWs(vertx, options, System.err)
              .run()
              .toCompletionStage()
              .toCompletableFuture()
              .get();
      if (options.jsonFile() != null) {
        java.nio.file.Files.writeString(options.jsonFile(), result.toJson().encodePrettily());
      }
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      exit(System.err, "eventstack bench-ws: " + cause.getMessage(), EXIT_START_FAILED);
      return;
    }
    exit(
        System.out,
        result.toJson().encode(),
        result.connected() > 0 && result.posted() > 0 ? 0 : EXIT_START_FAILED);
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
      code = EXIT_START_FAILED;
    }
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop();
    }
    Runtime.getRuntime().halt(code);
  }

  private static void exit(PrintStream stream, String message, int code) {
    stream.println(message);
    stream.flush();
    System.exit(code);
  }
}
