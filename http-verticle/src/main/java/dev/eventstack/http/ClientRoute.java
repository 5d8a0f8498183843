package dev.eventstack.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 000's {@code /client}: fetches the configured upstream URL with the Vert.x WebClient, with a
 * timeout and one retry, and returns its JSON; a failing upstream is a 502 JSON error.
 */
final class ClientRoute {

  private static final Logger LOG = LoggerFactory.getLogger(ClientRoute.class);

  private final WebClient client;
  private final String upstream;
  private final long timeoutMs;

  ClientRoute(Vertx vertx, JsonObject config) {
    this.client = WebClient.create(vertx);
    this.upstream = validUrl(config.getString("upstreamUrl"));
    this.timeoutMs = config.getLong("timeoutMs", 3_000L);
  }

  /** An upstream that is not an absolute http(s) URL counts as none, with a warning. */
  private static String validUrl(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      java.net.URI uri = java.net.URI.create(url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return url;
      }
    } catch (IllegalArgumentException e) {
      // refused below
    }
    LOG.warn("http.client.upstreamUrl '{}' is not an http(s) URL; /client is off", url);
    return null;
  }

  void mount(Router router) {
    router.get("/client").handler(this::fetch);
  }

  private void fetch(RoutingContext ctx) {
    if (upstream == null || upstream.isBlank()) {
      throw new ApiException(
          503, "No upstream configured: set http.client.upstreamUrl to an http(s) URL");
    }
    attempt()
        .recover(
            first -> {
              LOG.info(
                  "req_id={} upstream failed, retrying once: {}",
                  RequestLog.requestId(ctx),
                  first.getMessage());
              return attempt();
            })
        .onSuccess(
            json ->
                ctx.response()
                    .putHeader("Content-Type", "application/json; charset=utf-8")
                    .end(json))
        .onFailure(
            failure ->
                ctx.fail(
                    new ApiException(
                        502, "Upstream " + upstream + " failed: " + failure.getMessage())));
  }

  /** One GET; anything but a 2xx with a JSON body is a failure. */
  private Future<Buffer> attempt() {
    return client.getAbs(upstream).timeout(timeoutMs).send().compose(this::jsonOf);
  }

  private Future<Buffer> jsonOf(HttpResponse<Buffer> response) {
    if (response.statusCode() / 100 != 2) {
      return Future.failedFuture("status " + response.statusCode());
    }
    Buffer body = response.body() == null ? Buffer.buffer() : response.body();
    try {
      Json.decodeValue(body);
      return Future.succeededFuture(body);
    } catch (DecodeException e) {
      return Future.failedFuture("the body is not JSON");
    }
  }
}
