package dev.eventstack.http;

import dev.eventstack.contract.BusHeaders;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Sends a request over the event bus on behalf of an HTTP request: with the configured timeout, so
 * nothing hangs, and with the request id in the headers, so the serving verticle logs it.
 */
final class BusRequests {

  private final EventBus bus;
  private final long timeoutMs;

  BusRequests(EventBus bus, long timeoutMs) {
    this.bus = bus;
    this.timeoutMs = timeoutMs;
  }

  Future<JsonObject> request(RoutingContext ctx, String address, JsonObject body) {
    return request(ctx, address, body, timeoutMs);
  }

  /** A request that may take longer than usual, such as holding a lock. */
  Future<JsonObject> request(RoutingContext ctx, String address, JsonObject body, long timeoutMs) {
    return bus.<JsonObject>request(address, body, options(ctx, timeoutMs))
        .map(reply -> reply.body());
  }

  /** Served by this node's verticle when it has one, else by any node's. */
  Future<JsonObject> requestHereFirst(
      RoutingContext ctx, String address, JsonObject body, long timeoutMs) {
    return bus.<JsonObject>request(address, body, options(ctx, timeoutMs).setLocalOnly(true))
        .map(reply -> reply.body())
        .recover(
            failure ->
                failure instanceof ReplyException reply
                        && reply.failureType() == ReplyFailure.NO_HANDLERS
                    ? request(ctx, address, body, timeoutMs)
                    : Future.failedFuture(failure));
  }

  private static DeliveryOptions options(RoutingContext ctx, long timeoutMs) {
    return new DeliveryOptions()
        .setSendTimeout(timeoutMs)
        .addHeader(BusHeaders.REQUEST_ID, RequestLog.requestId(ctx));
  }
}
