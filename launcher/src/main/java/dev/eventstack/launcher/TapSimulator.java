package dev.eventstack.launcher;

import dev.eventstack.contract.BeerMessages;
import dev.eventstack.contract.SocketMessages;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code java -jar eventstack.jar taps}: stands in for seed 003's tap client. Each tap keeps a
 * WebSocket on {@code /sockets/beers?tapId=N}, prints what it receives (the other taps' beers and
 * the statistics), and posts a beer with a random volume on every interval. A tap whose socket
 * drops reconnects with exponential backoff.
 */
final class TapSimulator {

  private static final long PROGRESS_MS = 1_000;
  private static final long FIRST_BACKOFF_MS = 500;
  private static final long MAX_BACKOFF_MS = 10_000;

  /** After the last post, how long to wait for the broadcasts still on their way. */
  private static final long DRAIN_MS = 1_000;

  /** A server that accepts a post but never answers counts as an error, not a hang. */
  private static final long REQUEST_TIMEOUT_MS = 10_000;

  /**
   * What {@code taps} was asked for ({@link TapsCommand}).
   *
   * @param quiet print a progress line at most once a second instead of every post and message
   */
  record Options(URI url, int taps, Duration interval, long count, String token, boolean quiet) {

    /** Parses the {@code taps} options, as the command line would; for tests and tools. */
    static Options parse(List<String> args, Map<String, String> env) {
      TapsCommand command = new TapsCommand();
      try {
        new picocli.CommandLine(command).parseArgs(args.toArray(String[]::new));
      } catch (picocli.CommandLine.ParameterException e) {
        throw new UsageException(Cli.message(e));
      }
      return command.options(env);
    }

    int port() {
      return url.getPort() > 0 ? url.getPort() : 80;
    }
  }

  /** What the run did, printed as its last line. */
  record Summary(int taps, long posted, long received, long errors) {
    @Override
    public String toString() {
      return "taps=" + taps + " posted=" + posted + " received=" + received + " errors=" + errors;
    }
  }

  private final Vertx vertx;
  private final Options options;
  private final PrintStream out;
  private final HttpClientAgent http;
  private final WebSocketClient sockets;
  private final AtomicLong posted = new AtomicLong();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final List<Tap> taps = new ArrayList<>();

  TapSimulator(Vertx vertx, Options options, PrintStream out) {
    this.vertx = vertx;
    this.options = options;
    this.out = out;
    this.http = vertx.createHttpClient();
    this.sockets = vertx.createWebSocketClient();
  }

  /** Starts every tap; completes when each has posted its count (never, without a count). */
  Future<Summary> run() {
    List<Future<Void>> done = new ArrayList<>();
    for (int id = 0; id < options.taps(); id++) {
      Tap tap = new Tap(id);
      taps.add(tap);
      Promise<Void> started = Promise.promise();
      // Each tap lives on one event loop, so its timers and socket callbacks never race.
      vertx.getOrCreateContext().runOnContext(v -> tap.start().onComplete(started));
      done.add(started.future());
    }
    Promise<Summary> finished = Promise.promise();
    if (options.quiet()) {
      // One line a second at most, however many taps post how often.
      long timer = vertx.setPeriodic(PROGRESS_MS, t -> out.println(summary()));
      finished.future().onComplete(v -> vertx.cancelTimer(timer));
    }
    Future.all(done).onComplete(v -> vertx.setTimer(DRAIN_MS, t -> finished.complete(summary())));
    return finished.future();
  }

  Summary summary() {
    return new Summary(options.taps(), posted.get(), received.get(), errors.get());
  }

  /** Closes the sockets, so that the server logs the disconnects. */
  Future<Void> stop() {
    List<Future<Void>> closing = new ArrayList<>();
    taps.forEach(tap -> closing.add(tap.stop()));
    return Future.join(closing).mapEmpty();
  }

  /** A line about one tap's socket or post; --quiet leaves them out for the progress line. */
  private void say(String line) {
    if (!options.quiet()) {
      out.println(line);
    }
  }

  private final class Tap {
    private final int id;
    private final String name;
    private final Promise<Void> done = Promise.promise();
    private WebSocket socket;
    private long sent;

    /** Posts answered or failed: the tap is done once all of its count are. */
    private long settled;

    private long backoffMs = FIRST_BACKOFF_MS;
    private boolean stopped;
    private long postTimer = -1;
    private long retryTimer = -1;

    Tap(int id) {
      this.id = id;
      this.name = "tap-" + id;
    }

    Future<Void> start() {
      connect();
      postTimer =
          vertx.setPeriodic(
              options.interval().toMillis(),
              timer -> {
                if (options.count() > 0 && sent >= options.count()) {
                  vertx.cancelTimer(timer);
                  return;
                }
                sent++;
                post();
              });
      return done.future();
    }

    Future<Void> stop() {
      stopped = true;
      vertx.cancelTimer(postTimer);
      vertx.cancelTimer(retryTimer);
      return socket == null ? Future.succeededFuture() : socket.close();
    }

    private void connect() {
      if (stopped) {
        return;
      }
      WebSocketConnectOptions connect =
          new WebSocketConnectOptions()
              .setHost(options.url().getHost())
              .setPort(options.port())
              // Says which tap it is, so the server does not echo its own beers (seed 003's wish).
              .setURI(
                  "/sockets/"
                      + SocketMessages.CHANNEL_BEERS
                      + "?"
                      + BeerMessages.TAP_ID
                      + "="
                      + id);
      if (options.token() != null) {
        connect.addHeader(HttpHeaders.AUTHORIZATION, "Bearer " + options.token());
      }
      sockets.connect(connect).onSuccess(this::connected).onFailure(this::connectFailed);
    }

    private void connected(WebSocket opened) {
      if (stopped) {
        opened.close();
        return;
      }
      socket = opened;
      backoffMs = FIRST_BACKOFF_MS;
      say("[" + name + "] connected to " + options.url());
      opened.textMessageHandler(
          text -> {
            received.incrementAndGet();
            say("[" + name + "] received: " + text);
          });
      opened.closeHandler(
          v -> {
            socket = null;
            if (!stopped) {
              say("[" + name + "] socket closed, reconnecting in " + backoffMs + " ms");
              retryLater();
            }
          });
    }

    private void connectFailed(Throwable failure) {
      errors.incrementAndGet();
      say(
          "["
              + name
              + "] cannot connect ("
              + failure.getMessage()
              + "), retrying in "
              + backoffMs
              + " ms");
      retryLater();
    }

    private void retryLater() {
      if (stopped) {
        return;
      }
      long delay = backoffMs;
      backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      retryTimer = vertx.setTimer(delay, t -> connect());
    }

    private void post() {
      long volume = ThreadLocalRandom.current().nextLong(100, 1001);
      JsonObject beer =
          new JsonObject().put(BeerMessages.TAP_ID, id).put(BeerMessages.VOLUME, volume);
      RequestOptions request =
          new RequestOptions()
              .setMethod(HttpMethod.POST)
              .setHost(options.url().getHost())
              .setPort(options.port())
              .setURI("/api/beers")
              .setIdleTimeout(REQUEST_TIMEOUT_MS)
              .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      if (options.token() != null) {
        request.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + options.token());
      }
      http.request(request)
          .compose(req -> req.send(beer.toBuffer()))
          .compose(response -> response.body().map(body -> report(response, body, volume)))
          .onFailure(
              failure -> {
                errors.incrementAndGet();
                say("[" + name + "] post failed: " + failure.getMessage());
              })
          .onComplete(
              v -> {
                if (options.count() > 0 && ++settled >= options.count()) {
                  done.tryComplete();
                }
              });
    }

    private Void report(HttpClientResponse response, Buffer body, long volume) {
      if (response.statusCode() == 201) {
        posted.incrementAndGet();
        JsonObject created = body.toJsonObject().getJsonObject(BeerMessages.BEER);
        say(
            "["
                + name
                + "] posted beer id "
                + created.getLong(BeerMessages.ID)
                + " ("
                + volume
                + " ml, "
                + created.getString(BeerMessages.TYPE)
                + ")");
      } else {
        errors.incrementAndGet();
        say("[" + name + "] post refused: " + response.statusCode() + " " + body);
      }
      return null;
    }
  }
}
