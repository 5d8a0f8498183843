package dev.eventstack.scheduler;

import dev.eventstack.contract.BusError;
import dev.eventstack.contract.JobMessages;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seed 000's {@code /locking/{lockId}}: takes the named cluster lock (trying for at most 100 ms),
 * holds it for {@code hold_ms} (capped by {@code scheduler.maxLockHoldMs}), releases it, then
 * answers. The hold is a timer, so no event loop waits.
 */
final class LockHolder {

  private static final Logger LOG = LoggerFactory.getLogger(LockHolder.class);

  /** User locks live apart from the jobs' own. */
  static final String PREFIX = "user:";

  private final Vertx vertx;
  private final long maxHoldMs;

  LockHolder(Vertx vertx, long maxHoldMs) {
    this.vertx = vertx;
    this.maxHoldMs = maxHoldMs;
  }

  void hold(Message<JsonObject> message) {
    String name = message.body().getString(JobMessages.LOCK);
    long holdMs = Math.max(0, Math.min(maxHoldMs, message.body().getLong(JobMessages.HOLD_MS)));
    vertx
        .sharedData()
        .getLockWithTimeout(PREFIX + name, ExclusiveTicks.TRY_LOCK_MS)
        .onFailure(
            busy -> BusError.CONFLICT.fail(message, "Lock id " + name + " is currently being used"))
        .onSuccess(
            lock -> {
              LOG.info("lock taken lock={} hold_ms={}", name, holdMs);
              vertx.setTimer(
                  Math.max(1, holdMs),
                  t -> {
                    lock.release();
                    LOG.info("lock released lock={}", name);
                    message.reply(new JsonObject().put("aLock", name));
                  });
            });
  }
}
