package dev.eventstack.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The http-verticle's section of the configuration, read once at start.
 *
 * @param host the address to bind; loopback by default, so a dev run exposes nothing
 * @param port the HTTP port
 * @param bodyLimitBytes the largest request body accepted; larger ones get 413
 * @param busTimeoutMs how long a request waits for the verticle that serves it, before 504
 * @param socketWriteQueueBytes bytes a WebSocket may have waiting to be sent before it is dropped
 * @param authEnabled whether writes and the beer socket need a JWT
 * @param authKey the HS256 key tokens are checked with; set when auth is on
 * @param corsOrigins origins allowed to call from a browser; empty means same-origin only, and
 *     {@code "*"} any
 * @param booksMaxLimit the most books one list returns; {@code limit=0} means this many
 * @param ssl {@code {"enabled", "cert", "key", "redirectPort"?}}: HTTPS with a PEM pair
 * @param client {@code {"upstreamUrl", "timeoutMs"}}: what {@code /client} fetches
 * @param limits {@code {"maxHeaderBytes", "maxUriLength", "idleTimeoutSeconds",
 *     "maxSocketFrameBytes", "maxBridgeFrameBytes", "maxSockets"}}
 * @param shutdownGraceMs how long a stop waits for requests in flight
 * @param bridgePort the TCP event-bus bridge's port ({@code bridge.port}); 0 means off
 */
record HttpConfig(
    String host,
    int port,
    long bodyLimitBytes,
    long busTimeoutMs,
    int socketWriteQueueBytes,
    boolean authEnabled,
    String authKey,
    List<String> corsOrigins,
    int booksMaxLimit,
    JsonObject ssl,
    JsonObject client,
    JsonObject limits,
    long shutdownGraceMs,
    int bridgePort) {

  static HttpConfig from(JsonObject json) {
    JsonObject auth = json.getJsonObject("auth", new JsonObject());
    return new HttpConfig(
        json.getString("host", "127.0.0.1"),
        json.getInteger("port", 8080),
        json.getLong("bodyLimitBytes", 64L * 1024),
        json.getLong("busTimeoutMs", 5000L),
        json.getInteger("socketWriteQueueBytes", 256 * 1024),
        auth.getBoolean("enabled", false),
        auth.getString("key"),
        json
            .getJsonObject("cors", new JsonObject())
            .getJsonArray("allowedOrigins", new JsonArray())
            .stream()
            .map(String::valueOf)
            .toList(),
        json.getInteger("booksMaxLimit", 1000),
        json.getJsonObject("ssl", new JsonObject()),
        json.getJsonObject("client", new JsonObject()),
        json.getJsonObject("limits", new JsonObject()),
        json.getLong("shutdownGraceMs", 10_000L),
        json.getJsonObject("bridge", new JsonObject()).getInteger("port", 0));
  }

  boolean sslEnabled() {
    return ssl.getBoolean("enabled", false);
  }

  /** The plain-HTTP port that redirects to HTTPS, or 0 for none. */
  int redirectPort() {
    return sslEnabled() ? ssl.getInteger("redirectPort", 0) : 0;
  }

  /** Request headers larger than this get 431. */
  int maxHeaderBytes() {
    return limits.getInteger("maxHeaderBytes", 8192);
  }

  /** A request line longer than this gets 414. */
  int maxUriLength() {
    return limits.getInteger("maxUriLength", 4096);
  }

  /** A connection idle this long is closed. */
  int idleTimeoutSeconds() {
    return limits.getInteger("idleTimeoutSeconds", 120);
  }

  /** WebSocket connections one node holds at most; more get 503. */
  int maxSockets() {
    return limits.getInteger("maxSockets", 10_000);
  }

  /**
   * A TCP bridge frame that declares a length over this closes the connection before its body is
   * read.
   */
  int maxBridgeFrameBytes() {
    return limits.getInteger("maxBridgeFrameBytes", 65536);
  }

  /** A WebSocket frame or message larger than this closes the socket with 1009. */
  int maxSocketFrameBytes() {
    return limits.getInteger("maxSocketFrameBytes", 65536);
  }
}
