package dev.eventstack.scheduler;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.Durations;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** {@code purge-completed-tasks}: deletes the tasks completed more than {@code olderThan} ago. */
final class PurgeCompletedTasksJob implements ScheduledJob {

  static final String NAME = "purge-completed-tasks";

  private final EventBus bus;

  PurgeCompletedTasksJob(EventBus bus) {
    this.bus = bus;
  }

  @Override
  public void check(JsonObject settings) {
    try {
      Durations.parse(settings.getString("olderThan", "30d"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("job '" + NAME + "': olderThan: " + e.getMessage());
    }
  }

  @Override
  public Future<JsonObject> run(JsonObject settings) {
    long before =
        Instant.now().minus(Durations.parse(settings.getString("olderThan", "30d"))).toEpochMilli();
    return bus.<JsonObject>request(
            Addresses.Tasks.PURGE_COMPLETED, new JsonObject().put("before", before))
        .map(Message::body);
  }
}
