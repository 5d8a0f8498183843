package dev.eventstack.contract;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;

/**
 * Failure codes that a bus consumer uses to refuse a request. The http-verticle turns them into
 * HTTP statuses in one place; other consumers of the bus (bridges, tools) read the same codes.
 */
public enum BusError {
  INVALID(400),
  NOT_FOUND(404),
  CONFLICT(409),
  UNAVAILABLE(503),
  INTERNAL(500);

  /** The failure code carried by the {@link ReplyException}. */
  public final int code;

  BusError(int code) {
    this.code = code;
  }

  /** Refuses {@code message} with this error and a human-readable text. */
  public void fail(Message<?> message, String text) {
    message.fail(code, text);
  }

  /** The error behind a failure code, or {@link #INTERNAL} for a code that is not ours. */
  public static BusError ofCode(int code) {
    for (BusError error : values()) {
      if (error.code == code) {
        return error;
      }
    }
    return INTERNAL;
  }
}
