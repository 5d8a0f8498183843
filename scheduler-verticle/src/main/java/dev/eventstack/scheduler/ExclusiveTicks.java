package dev.eventstack.scheduler;

import io.vertx.core.Future;
import io.vertx.core.shareddata.Lock;
import io.vertx.core.shareddata.SharedData;

/**
 * Makes an exclusive job run once per tick across the cluster. A node takes the cluster lock {@code
 * job:<name>}, waiting at most 100 ms; holding it, it checks and moves the job's last-run tick in a
 * cluster map. A node that misses the lock, or finds the tick already run, skips that tick. The
 * lock alone is not enough: a fast run could release it before a slower node's timer fires for the
 * same tick. Hazelcast releases the lock of a node that dies.
 */
final class ExclusiveTicks {

  static final String TICKS_MAP = "eventstack.job-ticks";

  /**
   * How long to try for the lock: short, but not 1 ms, which the local (unclustered) lock can time
   * out before it grants a free lock. A node that waits and then gets the lock finds the tick
   * already marked and skips it.
   */
  static final long TRY_LOCK_MS = 100;

  private final SharedData shared;

  ExclusiveTicks(SharedData shared) {
    this.shared = shared;
  }

  static String lockName(String job) {
    return "job:" + job;
  }

  /**
   * Claims the tick. Succeeds with the lock to release when the run ends, or with null when this
   * node must skip the tick.
   */
  Future<Lock> claim(String job, long tick) {
    return shared
        .getLockWithTimeout(lockName(job), TRY_LOCK_MS)
        .transform(
            locked ->
                locked.succeeded()
                    ? markTick(job, tick, locked.result())
                    : Future.succeededFuture(null));
  }

  private Future<Lock> markTick(String job, long tick, Lock lock) {
    return shared
        .<String, Long>getAsyncMap(TICKS_MAP)
        .compose(
            ticks ->
                ticks
                    .get(job)
                    .compose(
                        last -> {
                          if (last != null && last >= tick) {
                            lock.release();
                            return Future.succeededFuture(null);
                          }
                          return ticks.put(job, tick).map(v -> lock);
                        }))
        .onFailure(e -> lock.release());
  }
}
