package dev.eventstack.scheduler;

import dev.eventstack.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code heartbeat}: seed 000's ExampleJob. Not exclusive: every node logs its view of the cluster,
 * its open sockets and whether the database answers.
 */
final class HeartbeatJob implements ScheduledJob {

  static final String NAME = "heartbeat";

  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatJob.class);
  private static final DeliveryOptions LOCAL =
      new DeliveryOptions().setLocalOnly(true).setSendTimeout(2_000);

  private final EventBus bus;

  HeartbeatJob(EventBus bus) {
    this.bus = bus;
  }

  @Override
  public Future<JsonObject> run(JsonObject settings) {
    Future<JsonObject> cluster = probe(Addresses.Status.CLUSTER, LOCAL);
    Future<JsonObject> sockets = probe(Addresses.Status.SOCKETS, LOCAL);
    Future<JsonObject> database =
        probe(Addresses.Status.DB, new DeliveryOptions().setSendTimeout(2_000));
    return Future.join(cluster, sockets, database)
        .transform(
            v -> {
              JsonArray members =
                  cluster.succeeded()
                      ? cluster.result().getJsonArray("members", new JsonArray())
                      : new JsonArray();
              JsonObject beat =
                  new JsonObject()
                      .put("members", members.size())
                      .put(
                          "openSockets",
                          sockets.succeeded() ? sockets.result().getValue("openSockets") : null)
                      .put("database", database.succeeded() ? "up" : "down");
              LOG.info(
                  "heartbeat members={} member_ids={} open_sockets={} database={}",
                  beat.getValue("members"),
                  members.encode(),
                  beat.getValue("openSockets"),
                  beat.getString("database"));
              return Future.succeededFuture(beat);
            });
  }

  private Future<JsonObject> probe(String address, DeliveryOptions options) {
    return bus.<JsonObject>request(address, new JsonObject(), options).map(Message::body);
  }
}
