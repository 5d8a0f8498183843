package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BeerChecks;
import dev.eventstack.contract.BeerMessages;
import dev.eventstack.contract.SocketMessages;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /sockets/{channel}?format=text|json&tapId=T}: accepts the WebSocket upgrade and keeps the
 * socket on this instance, in the {@link SocketAudience} of its channel and format, which the
 * ws-verticle feeds with ready frames over the local bus. This class owns the node's limits on
 * sockets (the cap and the count, shared by the instances), what a client may send, and the close
 * at shutdown.
 */
final class SocketRoutes {

  private static final Logger LOG = LoggerFactory.getLogger(SocketRoutes.class);

  /** A socket is closed with "try again later" when no ws-verticle runs on this node. */
  private static final short TRY_AGAIN_LATER = 1013;

  /** Sockets are told the server goes away when it shuts down. */
  private static final short GOING_AWAY = 1001;

  private static final short MESSAGE_TOO_BIG = 1009;

  private static final String OPEN_KEY = "open";

  /** This instance's context: its sockets are written on its event loop. */
  private final Context context;

  private final EventBus bus;
  private final DeliveryOptions local;
  private final int writeQueueBytes;
  private final long pingEveryMs;
  private final int maxMessageBytes;
  private final LocalMap<String, Integer> openOnNode;
  private final int maxSockets;
  private final TokenCheck tokens;

  /** This instance's sockets, by channel and format. Touched only on its event loop. */
  private final Map<String, SocketAudience> audiences = new HashMap<>();

  SocketRoutes(
      Context context,
      EventBus bus,
      LocalMap<String, Integer> openOnNode,
      HttpConfig config,
      TokenCheck tokens) {
    this.context = context;
    this.openOnNode = openOnNode;
    this.maxSockets = config.maxSockets();
    this.bus = bus;
    this.local = new DeliveryOptions().setLocalOnly(true).setSendTimeout(config.busTimeoutMs());
    this.writeQueueBytes = config.socketWriteQueueBytes();
    // Twice within the idle timeout, which counts a ping as traffic.
    this.pingEveryMs = config.idleTimeoutSeconds() * 1000L / 2;
    this.maxMessageBytes = config.maxSocketFrameBytes();
    this.tokens = tokens;
  }

  void mount(Router router) {
    bus.<JsonObject>localConsumer(Addresses.Status.SOCKETS, this::status);
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
    String tapId = tapOf(ctx);
    if (!ctx.request().canUpgradeToWebSocket()) {
      throw new ApiException(400, "This endpoint takes a WebSocket upgrade");
    }
    // Counted once for the whole node, across the http-verticle's instances.
    int open = openOnNode.merge(OPEN_KEY, 1, Integer::sum);
    if (open > maxSockets) {
      openOnNode.merge(OPEN_KEY, -1, Integer::sum);
      throw new ApiException(
          503, "Too many WebSocket connections on this node (" + maxSockets + "); try again later");
    }
    ctx.request()
        .toWebSocket()
        .onSuccess(
            socket ->
                accept(socket, ctx.request().connection(), channel, chosenFormat, tapId, open))
        .onFailure(
            failure -> {
              openOnNode.merge(OPEN_KEY, -1, Integer::sum);
              ctx.fail(failure);
            });
  }

  /**
   * The tap a socket is, which then does not get the frames of its own beers: {@code ?tapId=}, else
   * the subject of its token when that is a tap id; null when it says none.
   */
  private static String tapOf(RoutingContext ctx) {
    String param = QueryParams.single(ctx.queryParams(), BeerMessages.TAP_ID);
    if (param != null) {
      Long tapId = BeerChecks.tapIdOfText(param);
      if (tapId == null) {
        throw new ApiException(400, BeerMessages.TAP_ID + ": " + BeerChecks.TAP_ID_RULE);
      }
      return tapId.toString();
    }
    Long fromToken = BeerChecks.tapIdOfText(TokenCheck.subjectOf(ctx));
    return fromToken == null ? null : fromToken.toString();
  }

  private void accept(
      ServerWebSocket socket,
      HttpConnection connection,
      String channel,
      String format,
      String tapId,
      int open) {
    String remote = socket.remoteAddress() == null ? "-" : socket.remoteAddress().toString();
    socket.setWriteQueueMaxSize(writeQueueBytes);
    // The sockets are one-way. What a client sends is read and dropped, within the size limit
    // (http.limits.maxSocketFrameBytes): a larger message closes the socket with 1009.
    socket.textMessageHandler(text -> refuseIfTooBig(socket, text.length(), remote));
    socket.binaryMessageHandler(data -> refuseIfTooBig(socket, data.length(), remote));
    socket.frameHandler(new Utf8Messages(socket, maxMessageBytes, remote));
    SocketAudience audience =
        audiences.computeIfAbsent(
            channel + "/" + format,
            key -> new SocketAudience(context, bus, channel, format, writeQueueBytes, pingEveryMs));
    SocketAudience.Member member = new SocketAudience.Member(socket, connection, remote, tapId);
    audience.add(member);
    socket.closeHandler(v -> closed(audience, member));
    LOG.info(
        "socket connected channel={} format={} tap={} remote={} open={}",
        channel,
        format,
        tapId == null ? "-" : tapId,
        remote,
        open);
    bus.request(Addresses.Status.WS, new JsonObject(), local)
        .onFailure(failure -> refuse(socket, channel, remote, failure));
  }

  private void closed(SocketAudience audience, SocketAudience.Member member) {
    audience.remove(member);
    int open = openOnNode.merge(OPEN_KEY, -1, Integer::sum);
    LOG.info("socket disconnected remote={} open={}", member.remote, open);
  }

  private void refuse(ServerWebSocket socket, String channel, String remote, Throwable failure) {
    LOG.warn(
        "socket refused channel={} remote={} cause=\"{}\"", channel, remote, failure.getMessage());
    socket.close(TRY_AGAIN_LATER, "No WebSocket service on this node");
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

  private void status(Message<JsonObject> message) {
    message.reply(new JsonObject().put("openSockets", openOnNode.getOrDefault(OPEN_KEY, 0)));
  }

  /** Closes every socket of this instance with 1001, at shutdown. */
  Future<Void> closeAll() {
    List<Future<Void>> closing = new ArrayList<>();
    for (SocketAudience audience : audiences.values()) {
      for (SocketAudience.Member member : audience.members()) {
        closing.add(member.socket.close(GOING_AWAY, "Server shutting down"));
      }
    }
    return Future.join(closing).mapEmpty();
  }
}
