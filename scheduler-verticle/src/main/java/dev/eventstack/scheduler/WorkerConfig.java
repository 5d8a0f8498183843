package dev.eventstack.scheduler;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/**
 * The worker pool's part of the scheduler's configuration ({@code scheduler.workers}), read once.
 *
 * @param concurrency jobs this node runs at once; 0 runs none (the node only schedules)
 * @param leaseMs how long a claimed job stays this worker's without a renewal
 * @param pollMs the slow poll that covers missed wake-up notices and expired leases
 * @param retryBackoffMs the wait before the first retry; it doubles with each attempt
 * @param maxBackoffMs the longest wait between two attempts
 * @param dataDir where result files (exports) are written
 */
record WorkerConfig(
    int concurrency,
    long leaseMs,
    long pollMs,
    long retryBackoffMs,
    long maxBackoffMs,
    Path dataDir) {

  static WorkerConfig from(JsonObject scheduler) {
    JsonObject workers = scheduler.getJsonObject("workers", new JsonObject());
    return new WorkerConfig(
        workers.getInteger("concurrency", 2),
        workers.getLong("leaseMs", 30_000L),
        workers.getLong("pollMs", 5_000L),
        workers.getLong("retryBackoffMs", 1_000L),
        workers.getLong("maxBackoffMs", 300_000L),
        Path.of(scheduler.getString("dataDir", "data")));
  }

  /** The wait after failed attempt {@code attempt} (1-based): doubling, capped. */
  long backoffAfter(int attempt) {
    long delay = retryBackoffMs << Math.min(30, Math.max(0, attempt - 1));
    return Math.min(maxBackoffMs, delay < 0 ? maxBackoffMs : delay);
  }
}
