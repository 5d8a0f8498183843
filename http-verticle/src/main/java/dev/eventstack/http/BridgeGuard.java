package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.auth.jwt.JWTAuth;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection of the TCP bridge, in front of Vert.x's bridge. Vert.x's frame parser
 * buffers whatever length a frame declares before anything can look at it, and answers a frame it
 * cannot read with silence and a stack trace. So this reads the frames itself: a declared length
 * over the limit closes the connection before one byte of the body is kept; malformed JSON, an
 * unknown type, a non-public address or a bad token get an error frame; only good frames go on to
 * the bridge, over a private connection. What the bridge answers is copied back as it is.
 */
final class BridgeGuard {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);
  private static final int LENGTH_BYTES = 4;
  private static final Set<String> TYPES =
      Set.of("send", "publish", "register", "unregister", "ping");
  static final String TOKEN_HEADER = "token";

  private final NetSocket client;
  private final NetSocket bridge;
  private final String peer;
  private final int maxFrameBytes;

  /** Null when auth is off. */
  private final JWTAuth jwt;

  /** Bytes of a frame not yet complete; never more than one frame's limit plus one read. */
  private Buffer pending = Buffer.buffer();

  /** Frames are checked one after the other, so that a token check cannot reorder them. */
  private Future<Void> previous = Future.succeededFuture();

  private boolean closed;

  BridgeGuard(NetSocket client, NetSocket bridge, int maxFrameBytes, JWTAuth jwt) {
    this.client = client;
    this.bridge = bridge;
    this.maxFrameBytes = maxFrameBytes;
    this.jwt = jwt;
    this.peer = String.valueOf(client.remoteAddress());
  }

  /** Starts copying: frames from the client through the checks, the bridge's answers back. */
  void start() {
    client.handler(this::read);
    client.closeHandler(v -> close());
    client.exceptionHandler(e -> close());
    bridge.closeHandler(v -> close());
    bridge.exceptionHandler(e -> close());
    bridge.handler(this::answer);
    client.resume();
  }

  private void answer(Buffer data) {
    client.write(data);
    if (client.writeQueueFull()) {
      bridge.pause();
      client.drainHandler(v -> bridge.resume());
    }
  }

  private void read(Buffer chunk) {
    if (closed) {
      return;
    }
    pending.appendBuffer(chunk);
    while (!closed && pending.length() >= LENGTH_BYTES) {
      long declared = pending.getUnsignedInt(0);
      if (declared > maxFrameBytes) {
        LOG.warn(
            "bridge closed peer={}: a frame of {} bytes is over the {}-byte limit"
                + " (http.limits.maxBridgeFrameBytes)",
            peer,
            declared,
            maxFrameBytes);
        close();
        return;
      }
      int end = LENGTH_BYTES + (int) declared;
      if (pending.length() < end) {
        return;
      }
      Buffer frame = pending.getBuffer(LENGTH_BYTES, end);
      pending = pending.getBuffer(end, pending.length());
      previous = previous.compose(v -> check(frame));
    }
  }

  /** Forwards a good frame, or answers a bad one with an error frame. Never fails. */
  private Future<Void> check(Buffer frame) {
    if (closed) {
      return Future.succeededFuture();
    }
    JsonObject message = parse(frame);
    if (message == null) {
      return refuse("invalid_json", "a frame that is not a JSON object");
    }
    if (!(message.getValue("type") instanceof String type) || !TYPES.contains(type)) {
      return refuse(
          "unknown_type",
          "a frame with type " + message.getValue("type") + ", not one of " + TYPES);
    }
    if (type.equals("ping")) {
      return forward(frame);
    }
    String address = message.getValue("address") instanceof String a ? a : null;
    List<String> allowed =
        type.equals("register") || type.equals("unregister")
            ? Addresses.Bridge.OUTBOUND
            : Addresses.Bridge.INBOUND;
    if (address == null || !allowed.contains(address)) {
      return refuse("access_denied", type + " to " + address + ": not a public address");
    }
    if (jwt == null) {
      return forward(frame);
    }
    Object headers = message.getValue("headers");
    Object token = headers instanceof JsonObject h ? h.getValue(TOKEN_HEADER) : null;
    if (!(token instanceof String text)) {
      return refuseAndHangUp("missing token");
    }
    return JwtKeys.authenticate(jwt, text)
        .transform(user -> user.succeeded() ? forward(frame) : refuseAndHangUp("invalid token"));
  }

  private static JsonObject parse(Buffer frame) {
    try {
      return Json.decodeValue(frame) instanceof JsonObject object ? object : null;
    } catch (DecodeException e) {
      return null;
    }
  }

  private Future<Void> forward(Buffer frame) {
    bridge.write(
        Buffer.buffer(LENGTH_BYTES + frame.length()).appendInt(frame.length()).appendBuffer(frame));
    if (bridge.writeQueueFull()) {
      client.pause();
      bridge.drainHandler(v -> client.resume());
    }
    return Future.succeededFuture();
  }

  private Future<Void> refuse(String code, String why) {
    LOG.warn("bridge refused peer={}: {}", peer, why);
    return sendError(code).otherwiseEmpty();
  }

  /** A missing or bad token: the error frame goes out, then the connection closes. */
  private Future<Void> refuseAndHangUp(String why) {
    LOG.warn("bridge refused peer={}: {}", peer, why);
    closed = true;
    return sendError("access_denied: " + why)
        .eventually(() -> client.close())
        .eventually(() -> bridge.close())
        .otherwiseEmpty();
  }

  private Future<Void> sendError(String message) {
    Buffer json = new JsonObject().put("type", "err").put("message", message).toBuffer();
    return client.write(Buffer.buffer().appendInt(json.length()).appendBuffer(json));
  }

  private void close() {
    if (closed && pending == null) {
      return;
    }
    closed = true;
    pending = null;
    client.close();
    bridge.close();
  }
}
