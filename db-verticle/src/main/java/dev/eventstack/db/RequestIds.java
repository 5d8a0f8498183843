package dev.eventstack.db;

import dev.eventstack.contract.BusHeaders;
import io.vertx.core.eventbus.Message;

/** Reads the request id that the http-verticle put in a message's headers. */
final class RequestIds {

  private RequestIds() {}

  static String of(Message<?> message) {
    return BusHeaders.requestId(message);
  }
}
