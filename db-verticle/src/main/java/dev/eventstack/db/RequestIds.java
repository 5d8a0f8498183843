package dev.eventstack.db;

import dev.eventstack.contract.BusHeaders;
import io.vertx.core.eventbus.Message;

/** Reads the request id that the http-verticle put in a message's headers. */
final class RequestIds {

  private RequestIds() {}

  static String of(Message<?> message) {
    String id = message.headers().get(BusHeaders.REQUEST_ID);
    return id == null ? "-" : id;
  }
}
