package dev.eventstack.scheduler;

import dev.eventstack.contract.BusError;
import dev.eventstack.contract.JobMessages;
import io.vertx.core.Future;
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

  Future<JsonObject> hold(Message<JsonObject> message) {
    String name = message.body().getString(JobMessages.LOCK);
    long holdMs = Math.max(0, Math.min(maxHoldMs, message.body().getLong(JobMessages.HOLD_MS)));
    return vertx
        .sharedData()
        .getLockWithTimeout(PREFIX + name, ExclusiveTicks.TRY_LOCK_MS)
        .recover(busy -> BusError.CONFLICT.refuse("Lock id " + name + " is currently being used"))
        .compose(
            lock -> {
              LOG.info("lock taken lock={} hold_ms={}", name, holdMs);
              return vertx
                  .timer(Math.max(1, holdMs))
                  .map(
                      t -> {
                        lock.release();
                        LOG.info("lock released lock={}", name);
                        return new JsonObject().put("aLock", name);
                      });
            });
  }
}
