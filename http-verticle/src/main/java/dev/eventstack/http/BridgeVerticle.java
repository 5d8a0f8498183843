package dev.eventstack.http;

import dev.eventstack.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP event-bus bridge, for Python and other languages: frames of a 4-byte big-endian length
 * and JSON. Clients connect to a {@link BridgeGuard}, which bounds and checks every frame (size,
 * JSON, type, public address, token with auth on) and passes the good ones to Vert.x's bridge. That
 * bridge listens only on a Unix socket in a directory no other user can enter, so nothing reaches
 * it unchecked; it still permits only the contract's public addresses ({@link Addresses.Bridge}).
 */
public final class BridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BridgeVerticle.class);

  private JWTAuth jwt;
  private int maxFrameBytes;
  private String privateDir;
  private SocketAddress privateBridge;
  private NetClient toBridge;
  private TcpEventBusBridge bridge;
  private NetServer guard;

  @Override
  public Future<?> start() {
    HttpConfig http = HttpConfig.from(config());
    int port = http.bridgePort();
    jwt = http.authEnabled() ? JwtKeys.provider(vertx, http.authKey()) : null;
    maxFrameBytes = http.maxBridgeFrameBytes();
    BridgeOptions permitted = new BridgeOptions();
    Addresses.Bridge.INBOUND.forEach(
        a -> permitted.addInboundPermitted(new PermittedOptions().setAddress(a)));
    Addresses.Bridge.OUTBOUND.forEach(
        a -> permitted.addOutboundPermitted(new PermittedOptions().setAddress(a)));
    toBridge = vertx.createNetClient();
    return vertx
        .fileSystem()
        .createTempDirectory("eventstack-bridge", "rwx------")
        .compose(
            dir -> {
              privateDir = dir;
              privateBridge = SocketAddress.domainSocketAddress(dir + "/bus.sock");
              return TcpEventBusBridge.create(vertx, permitted, new NetServerOptions())
                  .listen(privateBridge);
            })
        .compose(
            listening -> {
              bridge = listening;
              return vertx
                  .createNetServer(new NetServerOptions().setHost(http.host()).setPort(port))
                  .connectHandler(this::accept)
                  .listen();
            })
        .onSuccess(
            server -> {
              guard = server;
              LOG.info(
                  "tcp event-bus bridge listening on {}:{} auth={} max_frame_bytes={}",
                  http.host(),
                  server.actualPort(),
                  jwt == null ? "off" : "on",
                  maxFrameBytes);
            });
  }

  /** A client: held until its private connection to the bridge is up. */
  private void accept(NetSocket client) {
    client.pause();
    toBridge
        .connect(privateBridge)
        .onSuccess(bus -> new BridgeGuard(client, bus, maxFrameBytes, jwt).start())
        .onFailure(
            e -> {
              LOG.warn(
                  "bridge connection dropped peer={}: {}", client.remoteAddress(), e.getMessage());
              client.close();
            });
  }

  @Override
  public Future<?> stop() {
    Future<Void> guardClosed = guard == null ? Future.succeededFuture() : guard.close();
    return guardClosed
        .eventually(() -> bridge == null ? Future.succeededFuture() : bridge.close())
        .eventually(() -> toBridge.close())
        .eventually(
            () ->
                privateDir == null
                    ? Future.succeededFuture()
                    : vertx.fileSystem().deleteRecursive(privateDir));
  }
}
