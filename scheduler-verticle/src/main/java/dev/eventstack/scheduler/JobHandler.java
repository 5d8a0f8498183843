package dev.eventstack.scheduler;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * The code of one queued job type. It starts on the scheduler's event loop, so anything blocking
 * must go through {@code executeBlocking}.
 */
interface JobHandler {

  /**
   * What a run produced: its result, and optionally a file ({@code name, contentType, content}).
   */
  record Outcome(JsonObject result, JsonObject file) {
    static Outcome of(JsonObject result) {
      return new Outcome(result, null);
    }
  }

  /** Runs the claimed job ({@code id, type, payload, attempts, ...}); fails to be retried. */
  Future<Outcome> run(JsonObject job);
}
