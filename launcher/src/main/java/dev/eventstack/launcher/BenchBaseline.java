package dev.eventstack.launcher;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar eventstack.jar bench-baseline}: the ceiling that {@code scripts/bench} divides
 * by. A bare Vert.x HTTP server, core only (no router, metrics or logs), with as many instances as
 * the real server, that answers every request with the same small JSON.
 */
final class BenchBaseline {

  static final String USAGE =
      String.join(
          "\n",
          "Usage: java -jar launcher/target/eventstack.jar bench-baseline [options]",
          "",
          "A bare Vert.x HTTP server answering {\"message\":\"hello\"}: the throughput ceiling of",
          "this machine for scripts/bench. Runs until Ctrl-C.",
          "",
          "Options (default in brackets):",
          "  --host ADDR        address to bind [127.0.0.1]",
          "  --port N           port [8090]",
          "  --instances N      server instances, 0 = one per core, as the real server [0]",
          "  --help, -h         print this help and exit");

  private static final Buffer HELLO = Buffer.buffer("{\"message\":\"hello\"}");

  record Options(String host, int port, int instances) {

    static Options parse(List<String> args) {
      Map<String, String> values =
          SubcommandArgs.parse(args, List.of("--host", "--port", "--instances"));
      if (values.containsKey("--help")) {
        return null;
      }
      int port = SubcommandArgs.positiveInt("--port", values.getOrDefault("--port", "8090"));
      if (port > 65535) {
        throw new UsageException("invalid value for --port: " + port + " (expected 1-65535)");
      }
      String instances = values.getOrDefault("--instances", "0");
      int count =
          instances.trim().equals("0")
              ? Runtime.getRuntime().availableProcessors()
              : SubcommandArgs.positiveInt("--instances", instances);
      return new Options(values.getOrDefault("--host", "127.0.0.1"), port, count);
    }
  }

  private BenchBaseline() {}

  /** Deploys the instances; the future fails when the port cannot be bound. */
  static Future<String> deploy(Vertx vertx, Options options) {
    return vertx.deployVerticle(
        () -> new Hello(options), new DeploymentOptions().setInstances(options.instances()));
  }

  /** One instance: every instance listens on the same port, and Vert.x shares the connections. */
  private static final class Hello extends VerticleBase {

    private final Options options;

    Hello(Options options) {
      this.options = options;
    }

    @Override
    public Future<?> start() {
      return vertx
          .createHttpServer(new HttpServerOptions().setHost(options.host()).setPort(options.port()))
          .requestHandler(Hello::answer)
          .listen()
          .map(HttpServer::actualPort);
    }

    private static void answer(HttpServerRequest request) {
      request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(HELLO);
    }
  }
}
