package dev.eventstack.scheduler;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BusError;
import dev.eventstack.contract.JobMessages;
import dev.eventstack.contract.RequestConsumers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.DeliveryOptions;
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
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic and queued jobs. It runs the jobs declared in {@code scheduler.jobs} on their ticks: an
 * exclusive job once per tick across the whole cluster ({@link ExclusiveTicks}), the others on
 * every node; each run is logged to the database. It also runs this node's pool of queue workers
 * ({@link JobWorkers}) and holds user locks ({@link LockHolder}).
 */
public final class SchedulerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SchedulerVerticle.class);

  private final Map<String, JobSpec> specs = new LinkedHashMap<>();
  private final Map<String, ScheduledJob> jobs = new HashMap<>();
  private final Map<String, Long> timers = new HashMap<>();
  private final Map<String, JsonObject> lastRuns = new HashMap<>();
  private final Set<String> running = new HashSet<>();
  private ExclusiveTicks exclusiveTicks;
  private JobWorkers workers;
  private WorkerExecutor jobPool;
  private String node = "local";

  @Override
  public Future<?> start() {
    exclusiveTicks = new ExclusiveTicks(vertx.sharedData());
    Map<String, ScheduledJob> catalog = catalog();
    SchedulerConfig config = SchedulerConfig.from(config());
    List<JobSpec> declared = JobSpec.allFrom(config.jobs(), ZoneId.systemDefault());
    for (JobSpec spec : declared) {
      ScheduledJob job = catalog.get(spec.name());
      if (job == null) {
        throw new IllegalArgumentException(
            "job '" + spec.name() + "' is not a known job; known: " + catalog.keySet());
      }
      job.check(spec.settings());
      specs.put(spec.name(), spec);
      jobs.put(spec.name(), job);
    }
    WorkerConfig workerConfig = config.workers();
    LockHolder locks = new LockHolder(vertx, config.maxLockHoldMs());
    RequestConsumers requests = new RequestConsumers(vertx.eventBus());
    return nodeId()
        .compose(
            id -> {
              node = id;
              jobPool =
                  vertx.createSharedWorkerExecutor(
                      "eventstack-jobs", Math.max(1, workerConfig.concurrency()));
              workers =
                  new JobWorkers(
                      vertx,
                      workerConfig,
                      JobHandlers.all(vertx, jobPool, workerConfig.dataDir()),
                      id + "/" + UUID.randomUUID().toString().substring(0, 8));
              return Future.all(
                  requests.serve(Addresses.Status.SCHEDULER, this::status).completion(),
                  requests.serve(Addresses.Jobs.SCHEDULED, this::listScheduled).completion(),
                  requests.serve(Addresses.Jobs.LOCK_HOLD, locks::hold).completion());
            })
        .compose(v -> workers.start())
        .onSuccess(
            v -> {
              specs.values().forEach(this::scheduleNext);
              LOG.info("scheduler-verticle started node={} jobs={}", node, specs.keySet());
            });
  }

  /** This node's id in the cluster, from the launcher; "local" when nobody answers. */
  private Future<String> nodeId() {
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.Status.CLUSTER,
            new JsonObject(),
            new DeliveryOptions().setLocalOnly(true).setSendTimeout(2_000))
        .map(reply -> reply.body().getString("node", "local"))
        .otherwise("local");
  }

  private Map<String, ScheduledJob> catalog() {
    Map<String, ScheduledJob> catalog = new HashMap<>();
    catalog.put(HeartbeatJob.NAME, new HeartbeatJob(vertx.eventBus()));
    catalog.put(BeerStatsJob.NAME, new BeerStatsJob(vertx.eventBus()));
    catalog.put(PurgeCompletedTasksJob.NAME, new PurgeCompletedTasksJob(vertx.eventBus()));
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
        .compose(
            lock -> {
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
    return Future.<JsonObject>succeededFuture()
        // A job that throws instead of failing its future still ends the run (and frees the lock).
        .compose(v -> jobs.get(spec.name()).run(spec.settings()))
        .transform(
            result -> {
              Instant ended = Instant.now();
              JsonObject run =
                  new JsonObject()
                      .put("job", spec.name())
                      .put("node", node)
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
              LOG.info(
                  "job run name={} tick={} outcome={} took_ms={}",
                  spec.name(),
                  tick,
                  run.getString("outcome"),
                  ended.toEpochMilli() - started.toEpochMilli());
              return vertx
                  .eventBus()
                  .request(Addresses.Jobs.RECORD_RUN, run)
                  .onFailure(e -> LOG.warn("run of {} not logged: {}", spec.name(), e.getMessage()))
                  .<Void>mapEmpty()
                  .recover(e -> Future.succeededFuture());
            });
  }

  private static Future<Void> release(Lock lock) {
    if (lock != null) {
      lock.release();
    }
    return Future.succeededFuture();
  }

  private Future<JsonObject> status(Message<JsonObject> message) {
    JsonArray listed = new JsonArray();
    Instant now = Instant.now();
    for (JobSpec spec : specs.values()) {
      listed.add(
          spec.describe()
              .put("nextDue", spec.startOf(spec.nextTick(now)).toString())
              .put("lastRunHere", lastRuns.get(spec.name())));
    }
    return Future.succeededFuture(
        new JsonObject()
            .put("ok", true)
            .put("node", node)
            .put("jobs", listed)
            .put("workers", workers.status()));
  }

  /** {@code GET /jobs/scheduled}: each job with its next due time and its last run anywhere. */
  private Future<JsonObject> listScheduled(Message<JsonObject> message) {
    Instant now = Instant.now();
    List<Future<JsonObject>> rows =
        specs.values().stream()
            .map(
                spec ->
                    lastRun(spec.name())
                        .map(
                            last ->
                                spec.describe()
                                    .put("next_due", spec.startOf(spec.nextTick(now)).toString())
                                    .put("last_run", last)))
            .toList();
    return Future.all(rows)
        .map(all -> new JsonObject().put(JobMessages.JOBS, new JsonArray(all.list())))
        .recover(e -> BusError.UNAVAILABLE.refuse("Run log unavailable: " + e.getMessage()));
  }

  private Future<JsonObject> lastRun(String job) {
    return vertx
        .eventBus()
        .<JsonObject>request(
            Addresses.Jobs.LIST_RUNS, new JsonObject().put("job", job).put(JobMessages.LIMIT, 1))
        .map(
            reply -> {
              JsonArray runs = reply.body().getJsonArray(JobMessages.RUNS);
              return runs.isEmpty() ? null : runs.getJsonObject(0);
            });
  }

  @Override
  public Future<?> stop() {
    timers.values().forEach(vertx::cancelTimer);
    Future<Void> released = workers == null ? Future.succeededFuture() : workers.stop();
    return released.eventually(() -> jobPool == null ? Future.succeededFuture() : jobPool.close());
  }
}
