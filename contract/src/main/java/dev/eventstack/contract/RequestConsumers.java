package dev.eventstack.contract;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a verticle serves request addresses: a {@link Handler} returns the future of its
 * reply, and this answers every request exactly once, whatever the handler does.
 *
 * <ul>
 *   <li>A succeeded future is the reply.
 *   <li>A refusal ({@link BusError#refuse}) is answered with its code and text, logged at DEBUG
 *       (503 at WARN).
 *   <li>Any other failure, a failed future or a throw, is offered to the service's own failure
 *       translation (the db-verticle's knows MongoDB's); what that does not know is a bug, answered
 *       at once with 500 naming the request id, and logged with its stack under that id.
 *   <li>On the addresses the bridges let in ({@link Addresses.Bridge#INBOUND}), whose bodies come
 *       from outside, a body that is not a JSON object, or a throw while the handler reads it, is
 *       the caller's mistake: 400.
 * </ul>
 *
 * <p>Bodies stay plain JSON, so scripts and browsers on the bridges speak to the same addresses.
 */
public final class RequestConsumers {

  private static final Logger LOG = LoggerFactory.getLogger(RequestConsumers.class);

  /** What a consumer does with a request: the future of the reply's body. */
  @FunctionalInterface
  public interface Handler {
    Future<JsonObject> answer(Message<JsonObject> request);
  }

  private final EventBus bus;
  private final Function<Throwable, ReplyException> knownFailures;

  /** Consumers whose failures are all unexpected but refusals. */
  public RequestConsumers(EventBus bus) {
    this(bus, failure -> null);
  }

  /**
   * @param knownFailures the answer to a failure that the service expects (a database that is away,
   *     say), or null for a bug
   */
  public RequestConsumers(EventBus bus, Function<Throwable, ReplyException> knownFailures) {
    this.bus = bus;
    this.knownFailures = knownFailures;
  }

  /** Serves {@code address} with {@code handler}; complete the consumer's registration to wait. */
  public MessageConsumer<JsonObject> serve(String address, Handler handler) {
    boolean fromOutside = Addresses.Bridge.INBOUND.contains(address);
    return bus.consumer(address, request -> answer(request, handler, fromOutside));
  }

  private void answer(Message<JsonObject> request, Handler handler, boolean fromOutside) {
    Future<JsonObject> reply;
    try {
      if (fromOutside && !(((Message<?>) request).body() instanceof JsonObject)) {
        reply = BusError.INVALID.refuse("The body must be a JSON object");
      } else {
        reply = Objects.requireNonNull(handler.answer(request), "a handler returned no future");
      }
    } catch (RuntimeException thrown) {
      reply = Future.failedFuture(fromOutside ? malformed(request, thrown) : thrown);
    }
    reply.onComplete(
        done -> {
          if (done.succeeded()) {
            request.reply(done.result());
          } else {
            fail(request, done.cause());
          }
        });
  }

  private static ReplyException malformed(Message<?> request, RuntimeException thrown) {
    LOG.debug("address={} refused malformed body: {}", request.address(), thrown.toString());
    return BusError.INVALID.refusal(
        "Malformed body for " + request.address() + ": " + thrown.getClass().getSimpleName());
  }

  private void fail(Message<JsonObject> request, Throwable failure) {
    ReplyException answer =
        failure instanceof ReplyException refusal
                && refusal.failureType() == ReplyFailure.RECIPIENT_FAILURE
            ? refusal
            : knownFailures.apply(failure);
    String requestId = BusHeaders.requestId(request);
    if (answer == null || answer.failureCode() == BusError.INTERNAL.code) {
      LOG.error("req_id={} address={} outcome=error", requestId, request.address(), failure);
      String what = answer == null ? "Internal error at " + request.address() : answer.getMessage();
      request.fail(BusError.INTERNAL.code, what + " (req_id " + requestId + ")");
      return;
    }
    if (answer.failureCode() == BusError.UNAVAILABLE.code) {
      LOG.warn(
          "req_id={} address={} outcome=unavailable cause=\"{}\"",
          requestId,
          request.address(),
          failure.getMessage());
    } else {
      LOG.debug(
          "req_id={} address={} outcome=refused code={} message=\"{}\"",
          requestId,
          request.address(),
          answer.failureCode(),
          answer.getMessage());
    }
    request.fail(answer.failureCode(), answer.getMessage());
  }
}
