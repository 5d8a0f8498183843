package dev.eventstack.scheduler;

import dev.eventstack.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * {@code beer-stats}: the periodic statistics broadcast of the beer taps. The db-verticle computes
 * them with an aggregation; this job publishes them to every socket on every node.
 */
final class BeerStatsJob implements ScheduledJob {

  static final String NAME = "beer-stats";

  private final EventBus bus;

  BeerStatsJob(EventBus bus) {
    this.bus = bus;
  }

  @Override
  public Future<JsonObject> run(JsonObject settings) {
    return bus.<JsonObject>request(Addresses.Beers.STATS, new JsonObject())
        .map(
            reply -> {
              bus.publish(Addresses.Events.BEER_STATS, reply.body());
              return new JsonObject().put("total", reply.body().getValue("total"));
            });
  }
}
