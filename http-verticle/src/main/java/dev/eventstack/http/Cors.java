package dev.eventstack.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import java.util.List;
import java.util.Set;

/**
 * CORS from the configuration ({@code http.cors.allowedOrigins}). With no origin listed the server
 * answers same-origin requests only: a cross-origin browser request gets no CORS headers, so the
 * browser refuses it. {@code "*"} allows any origin, as seed 001 does in development.
 */
final class Cors {

  private static final Set<HttpMethod> METHODS =
      Set.of(
          HttpMethod.GET,
          HttpMethod.HEAD,
          HttpMethod.POST,
          HttpMethod.PUT,
          HttpMethod.PATCH,
          HttpMethod.DELETE,
          HttpMethod.OPTIONS);
  private static final Set<String> HEADERS =
      Set.of("Content-Type", "Authorization", "X-Request-Id");

  private Cors() {}

  static Handler<RoutingContext> handler(List<String> origins) {
    if (origins.isEmpty()) {
      return RoutingContext::next;
    }
    CorsHandler cors =
        origins.contains("*") ? CorsHandler.create() : CorsHandler.create().addOrigins(origins);
    cors.allowedMethods(METHODS)
        .allowedHeaders(HEADERS)
        .exposedHeaders(Set.of("Location", "X-Request-Id"))
        .maxAgeSeconds(600);
    return ctx -> sameOriginOrCors(ctx, cors);
  }

  /**
   * The server's own pages send {@code Origin} too (on every POST), and are not cross-origin:
   * without this, listing other origins would lock out the server's own web UI.
   */
  private static void sameOriginOrCors(RoutingContext ctx, CorsHandler cors) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    if (origin != null
        && OriginCheck.normalized(origin).equals(OriginCheck.ownOrigin(ctx.request()))) {
      ctx.next();
    } else {
      cors.handle(ctx);
    }
  }
}
