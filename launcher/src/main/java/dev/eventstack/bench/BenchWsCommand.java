package dev.eventstack.bench;

import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code java -jar eventstack.jar bench-ws}: the WebSocket fan-out load ({@link BenchWs}). */
@Command(
    name = "bench-ws",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "WebSocket fan-out load: opens N sockets on the beer channel, posts beers, and measures"
          + " for each beer the time from its post until the last client has it.",
      ""
    },
    footer = {"", "Prints one JSON line: clients, connected, p50Ms, p99Ms, maxMs, missed, ..."})
public final class BenchWsCommand implements Callable<Integer> {

  @Option(
      names = "--clients",
      paramLabel = "N",
      required = true,
      converter = BenchOptions.Positive.class,
      description = "WebSocket clients")
  int clients;

  @Option(
      names = "--url",
      paramLabel = "URL",
      defaultValue = "ws://127.0.0.1:8080/sockets/beers",
      converter = BenchOptions.WsUrl.class,
      description = "the beer channel [${DEFAULT-VALUE}]")
  URI url;

  @Option(
      names = "--post-url",
      paramLabel = "URL",
      converter = BenchOptions.HttpUrl.class,
      description = "where beers are posted [http://<the url's host:port>/api/beers]")
  URI postUrl;

  @Option(
      names = "--messages",
      paramLabel = "N",
      defaultValue = "50",
      converter = BenchOptions.Positive.class,
      description = "beers to post [${DEFAULT-VALUE}]")
  int messages;

  @Option(
      names = "--interval",
      paramLabel = "DUR",
      defaultValue = "100ms",
      converter = BenchOptions.PositiveDuration.class,
      description = "time between two posts [${DEFAULT-VALUE}]")
  Duration interval;

  @Option(
      names = "--connect-timeout",
      paramLabel = "DUR",
      defaultValue = "60s",
      converter = BenchOptions.PositiveDuration.class,
      description = "how long all clients may take to connect [${DEFAULT-VALUE}]")
  Duration connectTimeout;

  @Option(names = "--json", paramLabel = "FILE", description = "also write the result there")
  Path jsonFile;

  @Option(
      names = "--token",
      paramLabel = "JWT",
      description = "for a server with --auth [$EVENTSTACK_TOKEN]")
  String token;

  BenchWs.Options options(Map<String, String> env) {
    URI posts =
        postUrl != null
            ? postUrl
            : URI.create(
                "http://" + url.getHost() + ":" + BenchWs.Options.port(url) + "/api/beers");
    return new BenchWs.Options(
        url,
        posts,
        clients,
        messages,
        interval,
        connectTimeout,
        jsonFile,
        token != null ? token : env.get("EVENTSTACK_TOKEN"));
  }

  @Override
  public Integer call() throws Exception {
    BenchWs.Options options = options(System.getenv());
    // The client's pool warns for each socket it closes at the end; that is the plan, not news.
    if (LoggerFactory.getLogger("io.vertx.core.http")
        instanceof ch.qos.logback.classic.Logger http) {
      http.setLevel(ch.qos.logback.classic.Level.ERROR);
    }
    Vertx vertx = Vertx.vertx();
    BenchWs.Result result =
        new BenchWs(vertx, options, System.err)
            .run()
            .toCompletionStage()
            .toCompletableFuture()
            .get();
    if (options.jsonFile() != null) {
      Files.writeString(options.jsonFile(), result.toJson().encodePrettily());
    }
    System.out.println(result.toJson().encode());
    return result.connected() > 0 && result.posted() > 0 ? 0 : 1;
  }
}
