package dev.eventstack.http;

import io.vertx.core.Handler;
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
    return cors.allowedMethods(METHODS)
        .allowedHeaders(HEADERS)
        .exposedHeaders(Set.of("Location", "X-Request-Id"))
        .maxAgeSeconds(600);
  }
}
