package dev.eventstack.contract;

import io.vertx.core.eventbus.Message;

/** Event-bus message headers that cross verticle boundaries. */
public final class BusHeaders {

  private BusHeaders() {}

  /**
   * The id of the HTTP request that caused this message, so that every verticle's log lines for one
   * request can be found with one grep.
   */
  public static final String REQUEST_ID = "req_id";

  /** The request id of {@code message}, or "-" when it has none, for log lines. */
  public static String requestId(Message<?> message) {
    String id = message.headers().get(REQUEST_ID);
    return id == null ? "-" : id;
  }
}
