package dev.eventstack.scheduler;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** The work of a scheduled job. It runs on the scheduler's event loop, so it must not block. */
interface ScheduledJob {

  /**
   * Does one run.
   *
   * @param settings the job's declaration, for its own settings
   * @return a short summary of what the run did, stored with the run
   */
  Future<JsonObject> run(JsonObject settings);

  /** Refuses bad settings at start, with an IllegalArgumentException naming them. */
  default void check(JsonObject settings) {}
}
