package dev.eventstack.ws;

import dev.eventstack.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket notification, fed by event-bus publishes. Each instance subscribes to the domain
 * events, so every node relays every event to its own clients.
 *
 * <p>So far it relays task changes into its counters and answers its status probe; the socket
 * endpoints arrive with the beer-taps notifier.
 */
public final class WsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(WsVerticle.class);

  private long taskEventsSeen;

  @Override
  public Future<?> start() {
    return Future.all(
            vertx.eventBus().consumer(Addresses.Events.TASK_CHANGED, this::onTaskChanged).completion(),
            vertx.eventBus().consumer(Addresses.Status.WS, this::status).completion())
        .onSuccess(v -> LOG.info("ws-verticle started"));
  }

  private void onTaskChanged(Message<JsonObject> event) {
    taskEventsSeen++;
    LOG.debug("task event {}", event.body().encode());
  }

  private void status(Message<JsonObject> message) {
    message.reply(new JsonObject().put("ok", true).put("taskEventsSeen", taskEventsSeen));
  }
}
