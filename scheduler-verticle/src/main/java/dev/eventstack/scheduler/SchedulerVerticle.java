package dev.eventstack.scheduler;

import dev.eventstack.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic and queued jobs. So far it runs the node's heartbeat, which checks that the database
 * answers over the bus, and answers its status probe with the last beat.
 */
public final class SchedulerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerVerticle.class);

  private long heartbeatTimer;
  private JsonObject lastBeat = new JsonObject();

  @Override
  public Future<?> start() {
    long heartbeatMs = config().getLong("heartbeatMs", 60_000L);
    heartbeatTimer = vertx.setPeriodic(heartbeatMs, id -> heartbeat());
    return vertx
        .eventBus()
        .consumer(Addresses.Status.SCHEDULER, this::status)
        .completion()
        .onSuccess(v -> LOG.info("scheduler-verticle started heartbeat_ms={}", heartbeatMs));
  }

  private void heartbeat() {
    vertx
        .eventBus()
        .request(Addresses.Status.DB, new JsonObject())
        .onComplete(
            reply -> {
              lastBeat =
                  new JsonObject()
                      .put("at", Instant.now().toString())
                      .put("database", reply.succeeded() ? "up" : "down");
              LOG.debug("heartbeat {}", lastBeat.encode());
            });
  }

  private void status(Message<JsonObject> message) {
    message.reply(new JsonObject().put("ok", true).put("lastHeartbeat", lastBeat));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(heartbeatTimer);
    return Future.succeededFuture();
  }
}
