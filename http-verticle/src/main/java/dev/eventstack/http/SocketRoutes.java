package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.SocketMessages;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /sockets/{channel}?format=text|json}: accepts the WebSocket upgrade and hands the socket
 * to the ws-verticle of this node over the local bus. From then on the ws-verticle decides what the
 * socket receives. This verticle writes what it is sent to the socket, drops a socket whose write
 * queue is full (a slow or dead client must not hold memory or delay the others), and reports the
 * close.
 */
final class SocketRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(SocketRoutes.class);

  /** A socket that was handed over is closed with "try again later" if nobody takes it. */
  private static final short TRY_AGAIN_LATER = 1013;

  /** A client too slow to take its messages is closed with "policy violation". */
  private static final short TOO_SLOW = 1008;

  /** Sockets are told the server goes away when it shuts down. */
  private static final short GOING_AWAY = 1001;

  private static final short MESSAGE_TOO_BIG = 1009;

  private final EventBus bus;
  private final DeliveryOptions local;
  private final int writeQueueBytes;
  private final int maxMessageBytes;
  private final LocalMap<String, Integer> openOnNode;
  private final int maxSockets;
  private static final String OPEN_KEY = "open";
  private final TokenCheck tokens;

  /** This instance's outbox: the ws-verticle sends it what its sockets are to receive. */
  private final String outbox = "ws.out." + UUID.randomUUID();

  /** The open sockets of this instance, by id. Touched only on its event loop. */
  private final Map<String, Held> open = new HashMap<>();

  private long lastSocketId;

  private record Held(ServerWebSocket socket, String remote) {}

  SocketRoutes(
      EventBus bus, LocalMap<String, Integer> openOnNode, HttpConfig config, TokenCheck tokens) {
    this.openOnNode = openOnNode;
    this.maxSockets = config.maxSockets();
    this.bus = bus;
    this.local = new DeliveryOptions().setLocalOnly(true).setSendTimeout(config.busTimeoutMs());
    this.writeQueueBytes = config.socketWriteQueueBytes();
    this.maxMessageBytes = config.maxSocketFrameBytes();
    this.tokens = tokens;
  }

  void mount(Router router) {
    bus.<JsonObject>localConsumer(outbox, this::deliver);
    for (String channel : SocketMessages.TOKEN_CHANNELS) {
      router.get("/sockets/" + channel).handler(tokens::requireForSocket);
    }
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
    // Counted for the whole node, across the http-verticle's instances.
    if (openOnNode.merge(OPEN_KEY, 1, Integer::sum) > maxSockets) {
      openOnNode.merge(OPEN_KEY, -1, Integer::sum);
      throw new ApiException(
          503, "Too many WebSocket connections on this node (" + maxSockets + "); try again later");
    }
    ctx.request()
        .toWebSocket()
        .onSuccess(socket -> handOver(socket, channel, chosenFormat))
        .onFailure(
            failure -> {
              openOnNode.merge(OPEN_KEY, -1, Integer::sum);
              ctx.fail(failure);
            });
  }

  private void handOver(ServerWebSocket socket, String channel, String format) {
    String id = Long.toString(++lastSocketId);
    String remote = socket.remoteAddress() == null ? "-" : socket.remoteAddress().toString();
    socket.setWriteQueueMaxSize(writeQueueBytes);
    // The sockets are one-way. What a client sends is read and dropped, within the size limit
    // (http.limits.maxSocketFrameBytes): a larger message closes the socket with 1009.
    socket.textMessageHandler(text -> refuseIfTooBig(socket, text.length(), remote));
    socket.binaryMessageHandler(data -> refuseIfTooBig(socket, data.length(), remote));
    socket.frameHandler(new Utf8Messages(socket, maxMessageBytes, remote));
    open.put(id, new Held(socket, remote));
    socket.closeHandler(
        v -> {
          open.remove(id);
          openOnNode.merge(OPEN_KEY, -1, Integer::sum);
          bus.publish(Addresses.Sockets.CLOSED, SocketMessages.closed(outbox, id), local);
        });
    JsonObject opened = SocketMessages.opened(channel, format, outbox, id, remote);
    bus.request(Addresses.Sockets.OPENED, opened, local)
        .onFailure(
            failure -> {
              LOG.warn(
                  "socket refused channel={} remote={} cause=\"{}\"",
                  channel,
                  remote,
                  failure.getMessage());
              socket.close(TRY_AGAIN_LATER, "No WebSocket service on this node");
            });
  }

  private void refuseIfTooBig(ServerWebSocket socket, int size, String remote) {
    if (size > maxMessageBytes) {
      LOG.warn(
          "socket closed: a {}-byte message is over the {}-byte limit remote={}",
          size,
          maxMessageBytes,
          remote);
      socket.close(MESSAGE_TOO_BIG, "Message too big");
    }
  }

  /** Closes every socket of this instance with 1001, at shutdown. */
  Future<Void> closeAll() {
    List<Future<Void>> closing = new ArrayList<>();
    for (Held held : List.copyOf(open.values())) {
      closing.add(held.socket().close(GOING_AWAY, "Server shutting down"));
    }
    return Future.join(closing).mapEmpty();
  }

  /** A {@link SocketMessages#delivery}: one text for some of this instance's sockets. */
  private void deliver(Message<JsonObject> message) {
    String text = message.body().getString(SocketMessages.TEXT);
    for (Object id : message.body().getJsonArray(SocketMessages.SOCKETS)) {
      Held held = open.get((String) id);
      if (held != null) {
        write((String) id, held, text);
      }
    }
  }

  private void write(String id, Held held, String text) {
    ServerWebSocket socket = held.socket();
    if (socket.isClosed()) {
      return;
    }
    if (socket.writeQueueFull()) {
      // Out of the open set at once: the close handshake waits for a client that does not read,
      // and every delivery meanwhile would otherwise log the drop again.
      open.remove(id);
      LOG.warn(
          "socket dropped: slow consumer, write queue over {} bytes remote={}",
          writeQueueBytes,
          held.remote());
      socket.close(TOO_SLOW, "Too slow: write queue full");
      return;
    }
    socket.writeTextMessage(text);
  }
}
