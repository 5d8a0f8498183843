package dev.eventstack.launcher;

import io.vertx.core.Vertx;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code java -jar eventstack.jar taps}: runs the {@link TapSimulator}. */
@Command(
    name = "taps",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    sortOptions = false,
    description = {
      "Simulates beer taps: one WebSocket per tap, a beer posted per tap on every interval.",
      ""
    },
    footer = {"", "Ends with one line: taps=N posted=X received=Y errors=Z."})
final class TapsCommand implements Callable<Integer> {

  @Option(
      names = "--url",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:8080",
      converter = HttpUrl.class,
      description = "the server [${DEFAULT-VALUE}]")
  URI url;

  @Option(
      names = "--taps",
      paramLabel = "N",
      defaultValue = "3",
      converter = Converters.Positive.class,
      description = "number of taps [${DEFAULT-VALUE}]")
  int taps;

  @Option(
      names = "--interval",
      paramLabel = "DUR",
      defaultValue = "1s",
      converter = Converters.PositiveDuration.class,
      description = "time between two beers of a tap, e.g. 500ms, 1s [${DEFAULT-VALUE}]")
  Duration interval;

  @Option(
      names = "--count",
      paramLabel = "N",
      converter = Converters.Positive.class,
      description = "beers per tap, then print the summary and exit [run until Ctrl-C]")
  Integer count;

  @Option(
      names = "--token",
      paramLabel = "JWT",
      description =
          "token for a server with --auth [$EVENTSTACK_TOKEN, else one signed with"
              + " $EVENTSTACK_AUTH_KEY when that is set]")
  String token;

  @Option(
      names = {"-q", "--quiet"},
      description = "print one progress line a second instead of every post and message")
  boolean quiet;

  TapSimulator.Options options(Map<String, String> env) {
    String jwt = token != null ? token : env.get("EVENTSTACK_TOKEN");
    String key = env.get(AuthKey.ENV);
    if (jwt == null && key != null && !key.isBlank()) {
      jwt = TokenCommand.sign(AuthKey.resolve(env, null), "taps", Duration.ofDays(30));
    }
    return new TapSimulator.Options(url, taps, interval, count == null ? 0 : count, jwt, quiet);
  }

  /** Runs until the count is done, or until Ctrl-C; prints the summary. */
  @Override
  public Integer call() throws Exception {
    TapSimulator.Options options = options(System.getenv());
    PrintStream out = System.out;
    Vertx vertx = Vertx.vertx();
    TapSimulator simulator = new TapSimulator(vertx, options, out);
    Thread interrupted =
        new Thread(
            () -> {
              out.println(simulator.summary());
              out.flush();
            },
            "taps-summary");
    Runtime.getRuntime().addShutdownHook(interrupted);
    TapSimulator.Summary summary = simulator.run().toCompletionStage().toCompletableFuture().get();
    simulator.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    Runtime.getRuntime().removeShutdownHook(interrupted);
    out.println(summary);
    return summary.posted() > 0 ? 0 : Cli.EXIT_FAILED;
  }

  /** An {@code http://host[:port]} address. */
  static final class HttpUrl implements ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      try {
        URI url = URI.create(value.trim());
        if ("http".equals(url.getScheme()) && url.getHost() != null) {
          return url;
        }
      } catch (IllegalArgumentException e) {
        // refused below
      }
      throw new TypeConversionException("'" + value + "' (expected http://host:port)");
    }
  }
}
