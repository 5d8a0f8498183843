package dev.eventstack.bench;

import dev.eventstack.contract.BeerMessages;
import dev.eventstack.contract.SocketEvents;
import dev.eventstack.contract.SocketMessages;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code java -jar eventstack.jar bench-baseline}: the ceiling that {@code scripts/bench} divides
 * by. A bare Vert.x HTTP server, core only (no router, metrics or logs), with as many instances as
 * the real server, that answers every request with the same small JSON.
 *
 * <p>It is also the fan-out ceiling: {@code /sockets/beers} takes WebSocket upgrades, and {@code
 * POST /api/beers} answers {@code {"beer":{"id":N}}} at once and writes {@code
 * {"event":"beer.added","beer":{"id":N}}} to every socket of every instance, through one local bus
 * publish and Vert.x's {@code writeTextMessage}: the plainest Vert.x fan-out, with no storage, for
 * {@code bench-ws} to measure with the same tool as the real server.
 */
final class BenchBaseline {

  private static final Buffer HELLO = Buffer.buffer("{\"message\":\"hello\"}");

  record Options(String host, int port, int instances) {

    /** Parses the {@code bench-baseline} options, as the command line would; for tests. */
    static Options parse(List<String> args) {
      BenchBaselineCommand command = new BenchBaselineCommand();
      new picocli.CommandLine(command).parseArgs(args.toArray(String[]::new));
      return command.options();
    }
  }

  private BenchBaseline() {}

  /** The local address of the baseline's beers, which every instance consumes. */
  private static final String BEERS = "bench.baseline.beers";

  private static final String SOCKETS = "/sockets/" + SocketMessages.CHANNEL_BEERS;

  /** Deploys the instances; the future fails when the port cannot be bound. */
  static Future<String> deploy(Vertx vertx, Options options) {
    AtomicLong ids = new AtomicLong();
    return vertx.deployVerticle(
        () -> new Hello(options, ids), new DeploymentOptions().setInstances(options.instances()));
  }

  /** One instance: every instance listens on the same port, and Vert.x shares the connections. */
  private static final class Hello extends VerticleBase {

    private final Options options;
    private final AtomicLong ids;
    private final Set<ServerWebSocket> sockets = new HashSet<>();

    Hello(Options options, AtomicLong ids) {
      this.options = options;
      this.ids = ids;
    }

    @Override
    public Future<?> start() {
      vertx.eventBus().<String>localConsumer(BEERS, frame -> writeToSockets(frame.body()));
      return vertx
          .createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port()))
          .requestHandler(this::answer)
          .listen()
          .map(HttpServer::actualPort);
    }

    private void answer(HttpServerRequest request) {
      if (SOCKETS.equals(request.path()) && request.canUpgradeToWebSocket()) {
        request.toWebSocket().onSuccess(this::keep);
      } else if ("/api/beers".equals(request.path()) && request.method() == HttpMethod.POST) {
        request.body().onSuccess(body -> addBeer(request, body));
      } else {
        request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(HELLO);
      }
    }

    private void keep(ServerWebSocket socket) {
      sockets.add(socket);
      socket.closeHandler(v -> sockets.remove(socket));
    }

    /** The posted beer with an id, unchecked and unstored; its JSON frame is eventstack's. */
    private void addBeer(HttpServerRequest request, Buffer body) {
      JsonObject beer = body.toJsonObject().put(BeerMessages.ID, ids.getAndIncrement());
      JsonObject added = new JsonObject().put(BeerMessages.BEER, beer);
      request
          .response()
          .setStatusCode(201)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
          .end(added.encode());
      vertx.eventBus().publish(BEERS, SocketEvents.beerAdded(added).json());
    }

    private void writeToSockets(String frame) {
      for (ServerWebSocket socket : sockets) {
        socket.writeTextMessage(frame);
      }
    }
  }
}
