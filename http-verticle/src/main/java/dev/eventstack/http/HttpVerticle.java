package dev.eventstack.http;

import dev.eventstack.contract.BookMessages;
import dev.eventstack.contract.TaskMessages;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front door: REST routing, the web UI's static files, and the mapping of bus failures to
 * HTTP errors. It holds no data: every request is served by another verticle over the event bus.
 * Several instances share one port; Vert.x spreads the connections across them.
 */
public final class HttpVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

  private HttpServer server;

  @Override
  public Future<?> start() {
    HttpConfig config = HttpConfig.from(config());
    Future<SchemaCheck> taskSchema = schema("task", TaskMessages.SCHEMA_RESOURCE);
    Future<SchemaCheck> bookSchema = schema("book", BookMessages.SCHEMA_RESOURCE);
    return Future.all(taskSchema, bookSchema)
        .map(v -> router(config, taskSchema.result(), bookSchema.result()))
        .compose(router -> listen(config, router))
        .onSuccess(
            listening -> {
              server = listening;
              LOG.info("http-verticle started url=http://{}:{}/ auth={}", config.host(),
                  listening.actualPort(), config.authEnabled() ? "on" : "off");
            });
  }

  private Future<SchemaCheck> schema(String subject, String resource) {
    return vertx.fileSystem().readFile(resource)
        .map(schema -> new SchemaCheck(subject, schema.toJsonObject()));
  }

  private Router router(HttpConfig config, SchemaCheck taskSchema, SchemaCheck bookSchema) {
    Router router = Router.router(vertx);
    router.route().handler(RequestLog::handle);
    router.route().handler(Cors.handler(config.corsOrigins()));
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes());
    BusRequests bus = new BusRequests(vertx.eventBus(), config.busTimeoutMs());
    new TaskRoutes(bus, taskSchema).mount(router, bodies);
    new BookRoutes(bus, bookSchema, config.booksMaxLimit()).mount(router, bodies);
    TokenCheck tokens = tokenCheck(config);
    new BeerRoutes(bus, tokens).mount(router, bodies);
    new JobRoutes(bus, tokens, config.busTimeoutMs()).mount(router, bodies);
    new SocketRoutes(vertx.eventBus(), config, tokens).mount(router);
    StaticHandler webroot = StaticHandler.create("webroot");
    router.route("/*").handler(ctx -> serveStatic(ctx, webroot));
    router.route().failureHandler(ApiErrors::handle);
    router.errorHandler(404, ApiErrors::handle);
    router.errorHandler(405, ApiErrors::handle);
    return router;
  }

  private TokenCheck tokenCheck(HttpConfig config) {
    if (!config.authEnabled()) {
      return TokenCheck.off();
    }
    if (config.authKey() == null || config.authKey().isBlank()) {
      throw new IllegalStateException("auth is enabled but no auth key is configured");
    }
    PubSecKeyOptions key = new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.authKey());
    return TokenCheck.with(JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(key)));
  }

  /**
   * Static files answer GET and HEAD. Other methods pass on, so an unknown path stays a 404 and a
   * wrong method on an API path stays a 405.
   */
  private static void serveStatic(RoutingContext ctx, StaticHandler webroot) {
    HttpMethod method = ctx.request().method();
    if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
      webroot.handle(ctx);
    } else {
      ctx.next();
    }
  }

  private Future<HttpServer> listen(HttpConfig config, Router router) {
    return vertx
        .createHttpServer(
            new HttpServerOptions()
                .setHost(config.host())
                .setPort(config.port()))
        .requestHandler(router)
        .listen();
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
