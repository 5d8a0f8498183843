package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BookMessages;
import dev.eventstack.contract.ResourceMessages;
import dev.eventstack.contract.TaskMessages;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front door: REST routing, the web UI's static files, and the mapping of bus failures to
 * HTTP errors. It holds no data: every request is served by another verticle over the event bus.
 * Several instances share one port; Vert.x spreads the connections across them.
 */
public final class HttpVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

  static final String OPENAPI_RESOURCE = "openapi.json";

  private HttpServer server;
  private long shutdownGraceMs;
  private List<Route> routes = List.of();
  private SocketRoutes sockets;
  private HttpServer redirectServer;

  @Override
  public Future<?> start() {
    HttpConfig config = HttpConfig.from(config());
    shutdownGraceMs = config.shutdownGraceMs();
    Future<JsonObject> taskSchema = json(TaskMessages.SCHEMA_RESOURCE);
    Future<JsonObject> bookSchema = json(BookMessages.SCHEMA_RESOURCE);
    Future<JsonObject> resourceSchema = json(ResourceMessages.SCHEMA_RESOURCE);
    Future<JsonObject> openApi = json(OPENAPI_RESOURCE);
    return Future.all(taskSchema, bookSchema, resourceSchema, openApi)
        // Compiling the schemas and building the router load many classes: on a first start
        // under load that held the event loop for seconds, so a worker does it. Handlers and
        // consumers made here still belong to this verticle's context.
        .compose(
            v ->
                vertx.executeBlocking(
                    () -> {
                      // Bundled first: compiling a schema marks up its JsonObject in place.
                      String document =
                          OpenApiDocument.bundle(
                                  openApi.result(),
                                  byId(
                                      taskSchema.result(),
                                      bookSchema.result(),
                                      resourceSchema.result()))
                              .encode();
                      ApiShapes shapes =
                          new ApiShapes(
                              new SchemaCheck("task", taskSchema.result()),
                              new SchemaCheck("book", bookSchema.result()),
                              new SchemaCheck("resource", resourceSchema.result()),
                              document);
                      return router(config, shapes);
                    }))
        .compose(router -> listen(config, router))
        .compose(
            listening -> {
              server = listening;
              return config.redirectPort() > 0
                  ? listenForRedirects(config)
                  : Future.succeededFuture();
            })
        .onSuccess(
            v ->
                LOG.info(
                    "http-verticle started url={}://{}:{}/ auth={}{}",
                    config.sslEnabled() ? "https" : "http",
                    config.host(),
                    server.actualPort(),
                    config.authEnabled() ? "on" : "off",
                    config.redirectPort() > 0 ? " redirect_from=" + config.redirectPort() : ""));
  }

  private Future<JsonObject> json(String resource) {
    return vertx.fileSystem().readFile(resource).map(Buffer::toJsonObject);
  }

  private static Map<String, JsonObject> byId(JsonObject... schemas) {
    Map<String, JsonObject> byId = new HashMap<>();
    for (JsonObject schema : schemas) {
      byId.put(schema.getString("$id"), schema);
    }
    return byId;
  }

  /** The request schemas' validators and the served OpenAPI document, built once at start. */
  private record ApiShapes(
      SchemaCheck taskSchema, SchemaCheck bookSchema, SchemaCheck resourceSchema, String openApi) {}

  private Router router(HttpConfig config, ApiShapes shapes) {
    Router router = Router.router(vertx);
    router.route().handler(RequestLog::handle);
    router.route().handler(HttpVerticle::refuseAmbiguousHost);
    router.route().handler(HttpVerticle::refuseDotSegments);
    OriginCheck origins = new OriginCheck(config.corsOrigins());
    router.route().handler(origins::refuseForeignWrites);
    router.route().handler(Cors.handler(config.corsOrigins()));
    BodyHandler bodies = BodyHandler.create(false).setBodyLimit(config.bodyLimitBytes());
    BusRequests bus = new BusRequests(vertx.eventBus(), config.busTimeoutMs());
    new TaskRoutes(bus, shapes.taskSchema()).mount(router, bodies);
    new BookRoutes(bus, shapes.bookSchema(), config.booksMaxLimit()).mount(router, bodies);
    new ResourceRoutes(bus, shapes.resourceSchema()).mount(router, bodies);
    new ClientRoute(vertx, config.client()).mount(router);
    new OpsRoutes(vertx, shapes.openApi()).mount(router);
    new ApiDocsRoute(vertx).mount(router);
    TokenCheck tokens = tokenCheck(config);
    MethodNotAllowed methodNotAllowed = new MethodNotAllowed(router);
    new BeerRoutes(bus, tokens).mount(router, bodies, methodNotAllowed);
    new JobRoutes(bus, tokens, config.busTimeoutMs()).mount(router, bodies);
    sockets =
        new SocketRoutes(
            context,
            vertx.eventBus(),
            vertx.sharedData().getLocalMap("eventstack.http.sockets"),
            config,
            tokens);
    sockets.mount(router);
    methodNotAllowed.mountForEveryApiPath();
    router.route("/eventbus/*").handler(origins::trimSockJsCors);
    // The XHR transports post their frames (xhr_send): SockJS reads them from the routing
    // context's body, so a body handler must have run, under the same limit as the API's.
    router.postWithRegex("/eventbus/.*").handler(bodies);
    router
        .postWithRegex("/eventbus/[^/]+/[^/]+/xhr_send")
        .handler(HttpVerticle::requireSockJsFrames);
    router.route("/eventbus/*").subRouter(browserBridge(tokens));
    StaticHandler webroot = StaticHandler.create("webroot");
    router.route("/*").handler(ctx -> serveStatic(ctx, webroot));
    router.route().failureHandler(ApiErrors::handle);
    routes = List.copyOf(router.getRoutes());
    for (int status : new int[] {400, 404, 405}) {
      router.errorHandler(status, ctx -> ApiErrors.handle(ctx, status));
    }
    return router;
  }

  private TokenCheck tokenCheck(HttpConfig config) {
    if (!config.authEnabled()) {
      return TokenCheck.off();
    }
    if (config.authKey() == null || config.authKey().isBlank()) {
      throw new IllegalStateException("auth is enabled but no auth key is configured");
    }
    return TokenCheck.with(JwtKeys.provider(vertx, config.authKey()));
  }

  /**
   * The SockJS bridge for browsers at {@code /eventbus}: the same public events as the TCP bridge,
   * outbound only (a browser changes data through the REST API). With auth on, the beer and job
   * feeds need the REST API's token in the register frame's {@code headers.token}, as {@code
   * /sockets/beers} and {@code /sockets/jobs} need one.
   */
  private Router browserBridge(TokenCheck tokens) {
    SockJSBridgeOptions options = new SockJSBridgeOptions();
    Addresses.Bridge.OUTBOUND.forEach(
        a -> options.addOutboundPermitted(new PermittedOptions().setAddress(a)));
    return SockJSHandler.create(vertx).bridge(options, event -> checkBrowserFrame(event, tokens));
  }

  private static void checkBrowserFrame(BridgeEvent event, TokenCheck tokens) {
    JsonObject frame = event.getRawMessage();
    String address = frame == null ? null : frame.getString("address");
    BridgeEventType type = event.type();
    boolean socketEvent =
        type == BridgeEventType.SOCKET_CREATED
            || type == BridgeEventType.SOCKET_CLOSED
            || type == BridgeEventType.SOCKET_PING
            || type == BridgeEventType.SOCKET_IDLE
            || type == BridgeEventType.SOCKET_ERROR;
    if (socketEvent || type == BridgeEventType.RECEIVE || address == null) {
      event.complete(true);
      return;
    }
    if (!Addresses.Bridge.OUTBOUND.contains(address)
        || type == BridgeEventType.SEND
        || type == BridgeEventType.PUBLISH) {
      refuseBrowserFrame(event, address, "access_denied");
      return;
    }
    if (type != BridgeEventType.REGISTER
        || !Addresses.Bridge.OUTBOUND_WITH_TOKEN.contains(address)) {
      event.complete(true);
      return;
    }
    Object headers = frame.getValue("headers");
    tokens
        .check(headers instanceof JsonObject h ? h.getValue(BridgeGuard.TOKEN_HEADER) : null)
        .onSuccess(v -> event.complete(true))
        .onFailure(e -> refuseBrowserFrame(event, address, "access_denied: token required"));
  }

  private static void refuseBrowserFrame(BridgeEvent event, String address, String message) {
    LOG.warn(
        "sockjs bridge refused type={} address={} peer={}: {}",
        event.type(),
        address,
        event.socket().remoteAddress(),
        message);
    // The SockJS bridge drops a refused frame without a word: say why.
    event
        .socket()
        .write(
            new JsonObject()
                .put("type", "err")
                .put("address", address)
                .put("message", message)
                .encode());
    event.complete(false);
  }

  /**
   * SockJS answers an {@code xhr_send} body it cannot read with 500 ("Broken JSON encoding"), as
   * its protocol says; here that is the client's fault, so it gets a 400 before SockJS sees it.
   */
  private static void requireSockJsFrames(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    Object frames;
    try {
      frames = body == null || body.length() == 0 ? null : Json.decodeValue(body);
    } catch (DecodeException e) {
      frames = null;
    }
    if (!(frames instanceof JsonArray array)
        || !array.stream().allMatch(String.class::isInstance)) {
      throw new ApiException(400, "xhr_send takes a JSON array of SockJS frames (strings)");
    }
    ctx.next();
  }

  /**
   * Two {@code Host} headers make a request whose target depends on which one a proxy or cache
   * reads: RFC 9112 §3.2 says to answer 400. The connection is closed too, as after any request the
   * server could not read.
   */
  private static void refuseAmbiguousHost(RoutingContext ctx) {
    if (ctx.request().headers().getAll(HttpHeaders.HOST).size() > 1) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      ctx.addEndHandler(ended -> ctx.request().connection().close());
      throw new ApiException(400, "More than one Host header");
    }
    ctx.next();
  }

  /**
   * A path with {@code .} or {@code ..} segments (plain or percent-encoded) is refused rather than
   * normalized: no client of this API needs one, and it is how path traversal is tried.
   */
  private static void refuseDotSegments(RoutingContext ctx) {
    String path = ctx.request().path();
    if (path == null || path.indexOf('.') < 0 && path.indexOf('%') < 0) {
      ctx.next();
      return;
    }
    String decoded = path.replace("%2e", ".").replace("%2E", ".");
    for (String segment : decoded.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        throw new ApiException(400, "Paths with '.' or '..' segments are refused");
      }
    }
    ctx.next();
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
    HttpServerOptions options =
        new HttpServerOptions().setHost(config.host()).setPort(config.port());
    if (config.sslEnabled()) {
      // HTTPS with HTTP/2 offered through ALPN, HTTP/1.1 for the rest.
      options
          .setSsl(true)
          .setUseAlpn(true)
          .setKeyCertOptions(
              new PemKeyCertOptions()
                  .setCertPath(config.ssl().getString("cert"))
                  .setKeyPath(config.ssl().getString("key")));
    }
    options
        .setMaxHeaderSize(config.maxHeaderBytes())
        .setMaxInitialLineLength(config.maxUriLength())
        .setIdleTimeout(config.idleTimeoutSeconds())
        // The decoder drops a connection outright past this hard cap; below it, SocketRoutes
        // closes a message over the limit politely, with 1009.
        .setMaxWebSocketFrameSize(config.maxSocketFrameBytes() * 16)
        .setMaxWebSocketMessageSize(config.maxSocketFrameBytes() * 16)
        // After its close frame, a server socket waits this long for the client's before it
        // drops the connection (10 s by default): an idle or dead client must not hold a
        // graceful shutdown, or a slow consumer's memory, that long.
        .setWebSocketClosingTimeout(1)
        // Vert.x accepts permessage-deflate by default, and browsers ask for it: each socket would
        // then deflate every frame itself, with a zlib stream of its own. A frame is built once
        // for all its sockets (docs/websockets.md) and is a few hundred bytes: it goes out as is.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        // No h2c upgrade on plain HTTP: with it, Vert.x builds each connection's HTTP/1.x
        // pipeline only once the first request is being decoded, too late for StrictFraming to
        // put its decoder in. No browser speaks h2c; clients that try fall back to HTTP/1.1.
        .setHttp2ClearTextEnabled(false);
    return vertx
        .createHttpServer(options)
        .connectionHandler(connection -> StrictFraming.install(connection, options))
        .invalidRequestHandler(ApiErrors::invalidRequest)
        .requestHandler(router)
        .listen();
  }

  /** Plain HTTP that sends every request to the same path over HTTPS. */
  private Future<Void> listenForRedirects(HttpConfig config) {
    return vertx
        .createHttpServer(
            new HttpServerOptions().setHost(config.host()).setPort(config.redirectPort()))
        .requestHandler(
            request -> {
              String host =
                  request.authority() == null ? config.host() : request.authority().host();
              request
                  .response()
                  .setStatusCode(301)
                  .putHeader(
                      HttpHeaders.LOCATION, "https://" + host + ":" + config.port() + request.uri())
                  .end();
            })
        .listen()
        .onSuccess(listening -> redirectServer = listening)
        .mapEmpty();
  }

  /** The routes this instance serves, for the test that keeps the OpenAPI document true. */
  List<Route> routes() {
    return routes;
  }

  /**
   * A graceful stop: no new connections; requests in flight finish within the grace period;
   * WebSockets are closed with 1001 (going away).
   */
  @Override
  public Future<?> stop() {
    long graceMs = shutdownGraceMs;
    Future<Void> socketsClosed = sockets == null ? Future.succeededFuture() : sockets.closeAll();
    Future<Void> redirects =
        redirectServer == null
            ? Future.succeededFuture()
            : redirectServer.shutdown(graceMs, TimeUnit.MILLISECONDS);
    return socketsClosed.transform(
        v ->
            server == null
                ? redirects
                : Future.all(redirects, server.shutdown(graceMs, TimeUnit.MILLISECONDS))
                    .mapEmpty());
  }
}
