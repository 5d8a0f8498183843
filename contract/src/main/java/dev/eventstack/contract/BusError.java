package dev.eventstack.contract;

import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

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

  /**
   * A refusal with this error and a human-readable text, to end a {@link
   * RequestConsumers.Handler}'s future with. It is an expected answer, so it carries no stack
   * trace.
   */
  public ReplyException refusal(String text) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, text, false);
  }

  /**
   * A future refused with this error: what a {@link RequestConsumers.Handler} returns to refuse.
   */
  public <T> Future<T> refuse(String text) {
    return Future.failedFuture(refusal(text));
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
