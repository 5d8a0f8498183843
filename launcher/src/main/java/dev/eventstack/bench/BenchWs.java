package dev.eventstack.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code java -jar eventstack.jar bench-ws}: the WebSocket fan-out load of {@code scripts/bench}.
 * It opens N sockets on {@code /sockets/beers?format=json}, then posts beers at an interval and,
 * for each beer, measures the time from its post until the last socket has it.
 */
public final class BenchWs {

  /** Connects in flight at once: enough to be quick, few enough for the server's accept queue. */
  private static final int CONNECTS_IN_FLIGHT = 200;

  private static final int CONNECT_ATTEMPTS = 3;

  /** After the last post, how long deliveries may still take before they count as missed. */
  private static final long DRAIN_MS = 5_000;

  private static final int WARMUP_BEERS = 10;

  record Options(
      URI url,
      URI postUrl,
      int clients,
      int messages,
      Duration interval,
      Duration connectTimeout,
      Path jsonFile,
      String token) {

    /** Parses the {@code bench-ws} options, as the command line would; for tests. */
    static Options parse(List<String> args, Map<String, String> env) {
      BenchWsCommand command = new BenchWsCommand();
      new picocli.CommandLine(command).parseArgs(args.toArray(String[]::new));
      return command.options(env);
    }

    static int port(URI uri) {
      return uri.getPort() > 0 ? uri.getPort() : 80;
    }
  }

  /**
   * What one run measured; latencies are of the last client to receive each beer, but {@code
   * firstP50Ms}, of the first. The spread is, per beer, from the first client to the last: the
   * fan-out alone, without the write path before it.
   */
  record Result(
      int clients,
      int connected,
      int connectFailures,
      int messages,
      int posted,
      int postErrors,
      double p50Ms,
      double p99Ms,
      double maxMs,
      double firstP50Ms,
      double spreadP50Ms,
      double spreadP99Ms,
      long missed,
      int closedEarly,
      double connectSeconds) {

    JsonObject toJson() {
      return new JsonObject()
          .put("clients", clients)
          .put("connected", connected)
          .put("connectFailures", connectFailures)
          .put("messages", messages)
          .put("posted", posted)
          .put("postErrors", postErrors)
          .put("p50Ms", p50Ms)
          .put("p99Ms", p99Ms)
          .put("maxMs", maxMs)
          .put("firstP50Ms", firstP50Ms)
          .put("spreadP50Ms", spreadP50Ms)
          .put("spreadP99Ms", spreadP99Ms)
          .put("missed", missed)
          .put("closedEarly", closedEarly)
          .put("connectSeconds", connectSeconds);
    }
  }

  /** Arrivals of one beer, from any event loop. */
  private static final class Tally {
    final AtomicInteger count = new AtomicInteger();
    final AtomicLong lastNanos = new AtomicLong();
    final AtomicLong firstNanos = new AtomicLong(Long.MAX_VALUE);

    void arrived(long nanos) {
      count.incrementAndGet();
      lastNanos.accumulateAndGet(nanos, Math::max);
      firstNanos.accumulateAndGet(nanos, Math::min);
    }
  }

  private final Vertx vertx;
  private final Options options;
  private final PrintStream progress;
  private final WebSocketClient sockets;
  private final HttpClientAgent http;
  private final Map<Long, Tally> arrivals = new ConcurrentHashMap<>();
  private final Map<Long, Long> sentNanos = new ConcurrentHashMap<>();
  private final AtomicInteger connected = new AtomicInteger();
  private final AtomicInteger connectFailures = new AtomicInteger();
  private final AtomicInteger closedEarly = new AtomicInteger();
  private final AtomicInteger postErrors = new AtomicInteger();
  private volatile boolean closing;

  BenchWs(Vertx vertx, Options options, PrintStream progress) {
    this.vertx = vertx;
    this.options = options;
    this.progress = progress;
    this.sockets =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(options.clients() + CONNECTS_IN_FLIGHT)
                .setConnectTimeout(10_000));
    this.http = vertx.createHttpClient();
  }

  /** Connects, posts, waits for the deliveries; completes with the figures. */
  Future<Result> run() {
    long start = System.nanoTime();
    return connectAll()
        .compose(
            v -> {
              double connectSeconds = (System.nanoTime() - start) / 1e9;
              progress.printf(
                  "bench-ws: %d of %d clients connected in %.1f s (%d failed)%n",
                  connected.get(), options.clients(), connectSeconds, connectFailures.get());
              if (connected.get() == 0) {
                return Future.failedFuture("no client could connect to " + options.url());
              }
              // A few beers first, not counted: the server's fan-out code is cold until then.
              return postAll(WARMUP_BEERS)
                  .compose(p -> drain())
                  .compose(
                      w -> {
                        arrivals.clear();
                        sentNanos.clear();
                        postErrors.set(0);
                        return postAll(options.messages());
                      })
                  .compose(p -> drain())
                  .map(d -> result(connectSeconds));
            })
        .eventually(
            () -> {
              closing = true;
              return sockets.close();
            });
  }

  private Future<Void> connectAll() {
    Promise<Void> all = Promise.promise();
    AtomicInteger next = new AtomicInteger();
    AtomicInteger settled = new AtomicInteger();
    // Sockets are spread over the event loops: a context per lane, each its own loop.
    int lanes = Math.min(CONNECTS_IN_FLIGHT, options.clients());
    List<Context> contexts = new ArrayList<>();
    for (int i = 0; i < Math.min(lanes, 2 * Runtime.getRuntime().availableProcessors()); i++) {
      contexts.add(vertx.getOrCreateContext());
    }
    for (int lane = 0; lane < lanes; lane++) {
      Context context = contexts.get(lane % contexts.size());
      context.runOnContext(v -> connectNext(next, settled, all, context));
    }
    long timer = vertx.setTimer(options.connectTimeout().toMillis(), t -> all.tryComplete());
    return all.future().onComplete(v -> vertx.cancelTimer(timer));
  }

  /** Each lane connects one client after the other, so CONNECTS_IN_FLIGHT are in flight. */
  private void connectNext(
      AtomicInteger next, AtomicInteger settled, Promise<Void> all, Context context) {
    if (next.getAndIncrement() >= options.clients()) {
      return;
    }
    connect(CONNECT_ATTEMPTS)
        .onComplete(
            done -> {
              if (settled.incrementAndGet() == options.clients()) {
                all.tryComplete();
              }
              context.runOnContext(v -> connectNext(next, settled, all, context));
            });
  }

  private Future<Void> connect(int attemptsLeft) {
    String query = "format=json" + (options.token() == null ? "" : "&token=" + options.token());
    WebSocketConnectOptions connect =
        new WebSocketConnectOptions()
            .setHost(options.url().getHost())
            .setPort(Options.port(options.url()))
            .setURI(options.url().getRawPath() + "?" + query);
    return sockets
        .connect(connect)
        .map(
            socket -> {
              connected.incrementAndGet();
              socket.textMessageHandler(this::onText);
              socket.closeHandler(
                  v -> {
                    if (!closing) {
                      closedEarly.incrementAndGet();
                    }
                  });
              return (Void) null;
            })
        .recover(
            failure -> {
              if (attemptsLeft > 1) {
                Promise<Void> retried = Promise.promise();
                vertx.setTimer(200, t -> connect(attemptsLeft - 1).onComplete(retried));
                return retried.future();
              }
              if (connectFailures.incrementAndGet() <= 3) {
                progress.println("bench-ws: connect failed: " + failure.getMessage());
              }
              return Future.succeededFuture();
            });
  }

  private void onText(String text) {
    long now = System.nanoTime();
    if (!text.contains("\"beer.added\"")) {
      return;
    }
    arrivals.computeIfAbsent(beerId(text), k -> new Tally()).arrived(now);
  }

  /**
   * The beer's id from {@code {"event":"beer.added","beer":{…,"id":N}}}, read without a JSON parse:
   * the tool shares the cores with the server it measures, so its own cost must stay low.
   */
  static long beerId(String text) {
    int at = text.lastIndexOf("\"id\":") + 5;
    long id = 0;
    while (at < text.length() && Character.isDigit(text.charAt(at))) {
      id = id * 10 + (text.charAt(at++) - '0');
    }
    return id;
  }

  /** Posts the beers one interval apart; completes when every post has its answer. */
  private Future<Void> postAll(int beers) {
    List<Future<Void>> posts = new ArrayList<>();
    Promise<Void> scheduled = Promise.promise();
    AtomicInteger sent = new AtomicInteger();
    vertx.setPeriodic(
        1,
        options.interval().toMillis(),
        timer -> {
          int i = sent.getAndIncrement();
          if (i >= beers) {
            vertx.cancelTimer(timer);
            scheduled.complete();
            return;
          }
          posts.add(post(i));
        });
    return scheduled.future().compose(v -> Future.join(posts)).mapEmpty();
  }

  private Future<Void> post(int i) {
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(options.postUrl().toString())
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    if (options.token() != null) {
      request.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + options.token());
    }
    Buffer body = Buffer.buffer(new JsonObject().put("tapId", i % 10).put("volume", 500).encode());
    long sendNanos = System.nanoTime();
    return http.request(request)
        .compose(req -> req.send(body))
        .compose(response -> response.body().map(b -> answer(response, b)))
        .map(
            id -> {
              sentNanos.put(id, sendNanos);
              return (Void) null;
            })
        .recover(
            failure -> {
              if (postErrors.incrementAndGet() <= 3) {
                progress.println("bench-ws: post failed: " + failure.getMessage());
              }
              return Future.succeededFuture();
            });
  }

  private static long answer(HttpClientResponse response, Buffer body) {
    if (response.statusCode() != 201) {
      throw new IllegalStateException("POST answered " + response.statusCode() + ": " + body);
    }
    return body.toJsonObject().getJsonObject("beer").getLong("id");
  }

  /** Waits until every posted beer reached every client, or DRAIN_MS after the last post. */
  private Future<Void> drain() {
    Promise<Void> drained = Promise.promise();
    long deadline = System.nanoTime() + DRAIN_MS * 1_000_000;
    vertx.setPeriodic(
        50,
        timer -> {
          boolean all =
              sentNanos.keySet().stream()
                  .allMatch(
                      id ->
                          arrivals.containsKey(id)
                              && arrivals.get(id).count.get() >= connected.get());
          if (all || System.nanoTime() > deadline) {
            vertx.cancelTimer(timer);
            drained.complete();
          }
        });
    return drained.future();
  }

  private Result result(double connectSeconds) {
    List<Double> latencies = new ArrayList<>();
    List<Double> firsts = new ArrayList<>();
    List<Double> spreads = new ArrayList<>();
    long received = 0;
    for (Map.Entry<Long, Long> sent : sentNanos.entrySet()) {
      Tally tally = arrivals.get(sent.getKey());
      if (tally != null) {
        received += Math.min(tally.count.get(), connected.get());
        latencies.add((tally.lastNanos.get() - sent.getValue()) / 1e6);
        firsts.add((tally.firstNanos.get() - sent.getValue()) / 1e6);
        spreads.add((tally.lastNanos.get() - tally.firstNanos.get()) / 1e6);
      }
    }
    latencies.sort(Double::compare);
    firsts.sort(Double::compare);
    spreads.sort(Double::compare);
    long expected = (long) sentNanos.size() * connected.get();
    return new Result(
        options.clients(),
        connected.get(),
        connectFailures.get(),
        options.messages(),
        sentNanos.size(),
        postErrors.get(),
        percentile(latencies, 50),
        percentile(latencies, 99),
        percentile(latencies, 100),
        percentile(firsts, 50),
        percentile(spreads, 50),
        percentile(spreads, 99),
        expected - received,
        closedEarly.get(),
        Math.round(connectSeconds * 10) / 10.0);
  }

  /** The nearest-rank percentile, rounded to 0.1 ms. */
  static double percentile(List<Double> sorted, int percent) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return Math.round(sorted.get(Math.max(0, rank - 1)) * 10) / 10.0;
  }
}
