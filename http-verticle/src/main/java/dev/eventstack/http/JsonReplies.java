package dev.eventstack.http;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Ends a request with a JSON body. */
final class JsonReplies {

  private JsonReplies() {}

  static void send(RoutingContext ctx, int status, JsonObject body) {
    send(ctx, status, body.encode());
  }

  static void send(RoutingContext ctx, int status, JsonArray body) {
    send(ctx, status, body.encode());
  }

  private static void send(RoutingContext ctx, int status, String json) {
    ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
        .end(json);
  }
}
