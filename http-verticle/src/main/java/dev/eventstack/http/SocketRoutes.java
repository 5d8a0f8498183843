package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.SocketMessages;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /sockets/{channel}?format=text|json}: accepts the WebSocket upgrade and hands the socket
 * to the ws-verticle of this node over the local bus. From then on the ws-verticle decides what
 * the socket receives; this verticle only reports its close.
 */
final class SocketRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(SocketRoutes.class);
  /** A socket that was handed over is closed with "try again later" if nobody takes it. */
  private static final short TRY_AGAIN_LATER = 1013;

  private final EventBus bus;
  private final DeliveryOptions local;

  SocketRoutes(EventBus bus, long timeoutMs) {
    this.bus = bus;
    this.local = new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMs);
  }

  void mount(Router router) {
    router.get("/sockets/:channel").handler(this::upgrade);
  }

  private void upgrade(RoutingContext ctx) {
    String channel = ctx.pathParam("channel");
    if (!SocketMessages.CHANNELS.contains(channel)) {
      throw new ApiException(404, "Unknown socket channel '" + channel + "'");
    }
    String format = ctx.queryParams().get("format");
    String chosenFormat = format == null ? SocketMessages.FORMAT_TEXT : format;
    if (!SocketMessages.FORMATS.contains(chosenFormat)) {
      throw new ApiException(400, "Unknown format '" + format + "': use text or json");
    }
    if (!ctx.request().canUpgradeToWebSocket()) {
      throw new ApiException(400, "This endpoint takes a WebSocket upgrade");
    }
    ctx.request()
        .toWebSocket()
        .onSuccess(socket -> handOver(socket, channel, chosenFormat))
        .onFailure(ctx::fail);
  }

  private void handOver(ServerWebSocket socket, String channel, String format) {
    String writeAddress = socket.textHandlerID();
    String remote = socket.remoteAddress() == null ? "-" : socket.remoteAddress().toString();
    socket.closeHandler(v -> bus.publish(Addresses.Sockets.CLOSED,
        SocketMessages.closed(writeAddress), local));
    JsonObject opened = SocketMessages.opened(channel, format, writeAddress, remote);
    bus.request(Addresses.Sockets.OPENED, opened, local)
        .onFailure(
            failure -> {
              LOG.warn("socket refused channel={} remote={} cause=\"{}\"", channel, remote,
                  failure.getMessage());
              socket.close(TRY_AGAIN_LATER, "No WebSocket service on this node");
            });
  }
}
