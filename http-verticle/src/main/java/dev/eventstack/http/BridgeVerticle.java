package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetServerOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.BridgeEvent;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge, for Python and other languages: frames of a 4-byte big-endian length
 * and JSON. Only the contract's public addresses pass ({@link Addresses.Bridge}); anything else
 * gets an error frame and a log line with the peer. With auth on, every frame carries the REST
 * API's JWT in its {@code headers.token}; a missing or bad one gets an error frame and the
 * connection is closed.
 */
public final class BridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);
  static final String TOKEN_HEADER = "token";

  private JWTAuth jwt;

  @Override
  public Future<?> start() {
    HttpConfig http = HttpConfig.from(config());
    int port = config().getJsonObject("bridge", new JsonObject()).getInteger("port", 0);
    jwt = http.authEnabled() ? JwtKeys.provider(vertx, http.authKey()) : null;
    BridgeOptions permitted = new BridgeOptions();
    Addresses.Bridge.INBOUND.forEach(
        a -> permitted.addInboundPermitted(new PermittedOptions().setAddress(a)));
    Addresses.Bridge.OUTBOUND.forEach(
        a -> permitted.addOutboundPermitted(new PermittedOptions().setAddress(a)));
    return TcpEventBusBridge.create(vertx, permitted, new NetServerOptions(), this::check)
        .listen(port, http.host())
        .onSuccess(
            bridge ->
                LOG.info(
                    "tcp event-bus bridge listening on {}:{} auth={}",
                    http.host(),
                    port,
                    jwt == null ? "off" : "on"));
  }

  /** Every frame passes here first: the address must be public, and the token good. */
  private void check(BridgeEvent event) {
    BridgeEventType type = event.type();
    JsonObject frame = event.getRawMessage();
    if (frame == null
        || type == BridgeEventType.SOCKET_CREATED
        || type == BridgeEventType.SOCKET_CLOSED
        || type == BridgeEventType.SOCKET_PING
        || type == BridgeEventType.REGISTERED
        || type == BridgeEventType.SOCKET_IDLE
        || type == BridgeEventType.SOCKET_ERROR) {
      event.complete(true);
      return;
    }
    String address = frame.getValue("address") instanceof String a ? a : null;
    String peer = String.valueOf(event.socket().remoteAddress());
    List<String> allowed =
        type == BridgeEventType.REGISTER || type == BridgeEventType.UNREGISTER
            ? Addresses.Bridge.OUTBOUND
            : Addresses.Bridge.INBOUND;
    if (address == null || !allowed.contains(address)) {
      LOG.warn(
          "bridge refused type={} address={} peer={}: not a public address", type, address, peer);
      event.complete(false);
      return;
    }
    if (jwt == null) {
      event.complete(true);
      return;
    }
    Object headers = frame.getValue("headers");
    Object token = headers instanceof JsonObject h ? h.getValue(TOKEN_HEADER) : null;
    if (!(token instanceof String text)) {
      refuseToken(event, peer, "missing token");
      return;
    }
    jwt.authenticate(new TokenCredentials(text))
        .onSuccess(user -> event.complete(true))
        .onFailure(e -> refuseToken(event, peer, "invalid token"));
  }

  private void refuseToken(BridgeEvent event, String peer, String why) {
    LOG.warn("bridge refused peer={}: {}", peer, why);
    event.complete(false);
    // Let the error frame go out, then hang up.
    vertx.setTimer(200, t -> event.socket().close());
  }
}
