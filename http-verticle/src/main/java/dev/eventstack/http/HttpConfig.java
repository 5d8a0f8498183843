package dev.eventstack.http;

import io.vertx.core.json.JsonObject;

/**
 * The http-verticle's section of the configuration, read once at start.
 *
 * @param host the address to bind; loopback by default, so a dev run exposes nothing
 * @param port the HTTP port
 * @param bodyLimitBytes the largest request body accepted; larger ones get 413
 * @param busTimeoutMs how long a request waits for the verticle that serves it, before 504
 */
record HttpConfig(String host, int port, long bodyLimitBytes, long busTimeoutMs) {

  static HttpConfig from(JsonObject json) {
    return new HttpConfig(
        json.getString("host", "127.0.0.1"),
        json.getInteger("port", 8080),
        json.getLong("bodyLimitBytes", 64L * 1024),
        json.getLong("busTimeoutMs", 5000L));
  }
}
