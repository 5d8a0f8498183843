package dev.eventstack.scheduler;

import io.vertx.core.json.JsonObject;

/**
 * The scheduler-verticle's settings, read once at start from its {@code scheduler} section
 * (docs/configuration.md lists every key and its default in {@code conf/application.json}).
 *
 * @param jobs the scheduled jobs, by name (docs/jobs.md)
 * @param workers the job queue's worker pool
 * @param maxLockHoldMs the longest a {@code /locking} request may hold a cluster lock
 */
record SchedulerConfig(JsonObject jobs, WorkerConfig workers, long maxLockHoldMs) {

  static SchedulerConfig from(JsonObject scheduler) {
    return new SchedulerConfig(
        scheduler.getJsonObject("jobs", new JsonObject()),
        WorkerConfig.from(scheduler),
        scheduler.getLong("maxLockHoldMs", 60_000L));
  }
}
