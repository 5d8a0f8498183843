package dev.eventstack.bench;

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

/**
 * {@code java -jar eventstack.jar bench-baseline}: the ceiling that {@code scripts/bench} divides
 * by. A bare Vert.x HTTP server, core only (no router, metrics or logs), with as many instances as
 * the real server, that answers every request with the same small JSON.
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
