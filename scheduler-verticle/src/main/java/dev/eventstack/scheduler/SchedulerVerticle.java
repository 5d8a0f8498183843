package dev.eventstack.scheduler;

import dev.eventstack.contract.Addresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the jobs declared in {@code scheduler.jobs} on their ticks. An exclusive job runs once per
 * tick across the whole cluster ({@link ExclusiveTicks}); the others run on every node.
 */
public final class SchedulerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerVerticle.class);

  private final Map<String, JobSpec> specs = new LinkedHashMap<>();
  private final Map<String, ScheduledJob> jobs = new HashMap<>();
  private final Map<String, Long> timers = new HashMap<>();
  private final Map<String, JsonObject> lastRuns = new HashMap<>();
  private final Set<String> running = new HashSet<>();
  private ExclusiveTicks exclusiveTicks;

  @Override
  public Future<?> start() {
    exclusiveTicks = new ExclusiveTicks(vertx.sharedData());
    Map<String, ScheduledJob> catalog = catalog();
    List<JobSpec> declared =
        JobSpec.allFrom(config().getJsonObject("jobs", new JsonObject()), ZoneId.systemDefault());
    for (JobSpec spec : declared) {
      ScheduledJob job = catalog.get(spec.name());
      if (job == null) {
        throw new IllegalArgumentException(
            "job '" + spec.name() + "' is not a known job; known: " + catalog.keySet());
      }
      specs.put(spec.name(), spec);
      jobs.put(spec.name(), job);
    }
    specs.values().forEach(this::scheduleNext);
    return vertx
        .eventBus()
        .consumer(Addresses.Status.SCHEDULER, this::status)
        .completion()
        .onSuccess(v -> LOG.info("scheduler-verticle started jobs={}", specs.keySet()));
  }

  private Map<String, ScheduledJob> catalog() {
    Map<String, ScheduledJob> catalog = new HashMap<>();
    catalog.put(HeartbeatJob.NAME, new HeartbeatJob(vertx.eventBus()));
    catalog.put(BeerStatsJob.NAME, new BeerStatsJob(vertx.eventBus()));
    return catalog;
  }

  private void scheduleNext(JobSpec spec) {
    Instant now = Instant.now();
    long tick = spec.nextTick(now);
    long delayMs = Math.max(1, spec.startOf(tick).toEpochMilli() - now.toEpochMilli());
    timers.put(spec.name(), vertx.setTimer(delayMs, id -> onTick(spec, tick)));
  }

  private void onTick(JobSpec spec, long tick) {
    scheduleNext(spec);
    if (!running.add(spec.name())) {
      LOG.warn("job skipped name={} tick={}: its previous run is still going", spec.name(), tick);
      return;
    }
    Future<Lock> claim =
        spec.exclusive() ? exclusiveTicks.claim(spec.name(), tick) : Future.succeededFuture();
    claim
        .compose(lock -> {
          if (spec.exclusive() && lock == null) {
            LOG.debug("job tick taken elsewhere name={} tick={}", spec.name(), tick);
            return Future.succeededFuture();
          }
          return runOnce(spec, tick).eventually(() -> release(lock));
        })
        .onComplete(done -> running.remove(spec.name()));
  }

  private Future<Void> runOnce(JobSpec spec, long tick) {
    Instant started = Instant.now();
    return jobs.get(spec.name()).run(spec.settings())
        .transform(result -> {
          Instant ended = Instant.now();
          JsonObject run = new JsonObject()
              .put("job", spec.name())
              .put("tick", tick)
              .put("start", started.toString())
              .put("end", ended.toString())
              .put("outcome", result.succeeded() ? "succeeded" : "failed");
          if (result.succeeded()) {
            run.put("result", result.result());
          } else {
            run.put("error", String.valueOf(result.cause().getMessage()));
          }
          lastRuns.put(spec.name(), run);
          LOG.info("job run name={} tick={} outcome={} took_ms={}", spec.name(), tick,
              run.getString("outcome"), ended.toEpochMilli() - started.toEpochMilli());
          return Future.<Void>succeededFuture();
        });
  }

  private static Future<Void> release(Lock lock) {
    if (lock != null) {
      lock.release();
    }
    return Future.succeededFuture();
  }

  private void status(Message<JsonObject> message) {
    JsonArray listed = new JsonArray();
    Instant now = Instant.now();
    for (JobSpec spec : specs.values()) {
      listed.add(spec.describe()
          .put("nextDue", spec.startOf(spec.nextTick(now)).toString())
          .put("lastRunHere", lastRuns.get(spec.name())));
    }
    message.reply(new JsonObject().put("ok", true).put("jobs", listed));
  }

  @Override
  public Future<?> stop() {
    timers.values().forEach(vertx::cancelTimer);
    return Future.succeededFuture();
  }
}
