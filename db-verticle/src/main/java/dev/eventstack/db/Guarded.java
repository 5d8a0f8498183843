package dev.eventstack.db;

import dev.eventstack.contract.BusError;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps the handler of an address that callers outside the JVM may reach (through the bridge): a
 * body of the wrong shape gets an INVALID reply instead of an exception and no reply at all.
 */
final class Guarded {

  private static final Logger LOG = LoggerFactory.getLogger(Guarded.class);

  private Guarded() {}

  static Handler<Message<JsonObject>> handler(Handler<Message<JsonObject>> handler) {
    return message -> {
      try {
        if (message.body() == null) {
          BusError.INVALID.fail(message, "The body must be a JSON object");
          return;
        }
        handler.handle(message);
      } catch (RuntimeException malformed) {
        LOG.debug("address={} refused malformed body: {}", message.address(), malformed.toString());
        BusError.INVALID.fail(
            message,
            "Malformed body for "
                + message.address()
                + ": "
                + malformed.getClass().getSimpleName());
      }
    };
  }
}
