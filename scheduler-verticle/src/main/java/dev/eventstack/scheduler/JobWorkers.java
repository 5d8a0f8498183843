package dev.eventstack.scheduler;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BusError;
import dev.eventstack.contract.JobMessages;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker pool of one node: up to {@code concurrency} queued jobs at a time. Workers wake on the
 * {@code jobs.queued} notice; a slow poll (which also puts back jobs with expired leases) is the
 * only fallback, so an idle pool does no busy polling. While a job runs, its lease is renewed every
 * third of its length.
 */
final class JobWorkers {

  private static final Logger LOG = LoggerFactory.getLogger(JobWorkers.class);
  private static final int FINISH_TRIES = 10;
  private static final long FINISH_RETRY_MS = 1_000;

  private final Vertx vertx;
  private final EventBus bus;
  private final WorkerConfig config;
  private final Map<String, JobHandler> handlers;
  private final String owner;
  private int running;
  private boolean claiming;
  private boolean stopping;

  /** A notice came while a claim was in flight: claim again when it returns. */
  private boolean claimAgain;

  private final Set<String> runningIds = new HashSet<>();
  private long pollTimer = -1;

  JobWorkers(Vertx vertx, WorkerConfig config, Map<String, JobHandler> handlers, String owner) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.config = config;
    this.handlers = handlers;
    this.owner = owner;
  }

  Future<Void> start() {
    if (config.concurrency() == 0) {
      return Future.succeededFuture();
    }
    pollTimer = vertx.setPeriodic(config.pollMs(), id -> poll());
    return bus.consumer(Addresses.Jobs.QUEUED, notice -> claimWhileFree())
        .completion()
        .onSuccess(
            v -> {
              LOG.info(
                  "job workers started owner={} concurrency={} lease_ms={}",
                  owner,
                  config.concurrency(),
                  config.leaseMs());
              claimWhileFree();
            });
  }

  /**
   * Stops claiming, and gives up the leases of the jobs still running here, so that another node
   * takes them at once instead of waiting for the leases to run out.
   */
  Future<Void> stop() {
    stopping = true;
    if (pollTimer >= 0) {
      vertx.cancelTimer(pollTimer);
    }
    List<Future<?>> released = new ArrayList<>();
    for (String id : runningIds) {
      JsonObject release =
          new JsonObject()
              .put(JobMessages.ID, id)
              .put(JobMessages.OWNER, owner)
              .put(JobMessages.LEASE_MS, 0);
      // Without the attempt, the release matches this owner's claim of the job, whichever it is.
      released.add(
          bus.request(Addresses.Jobs.RENEW, release)
              .onSuccess(v -> LOG.info("lease of job {} given up at shutdown", id)));
    }
    return Future.join(released).mapEmpty();
  }

  JsonObject status() {
    return new JsonObject()
        .put("owner", owner)
        .put("concurrency", config.concurrency())
        .put("running", running);
  }

  private void poll() {
    bus.<JsonObject>request(Addresses.Jobs.REAP, new JsonObject().put("max", 100))
        .onComplete(reaped -> claimWhileFree());
  }

  /** Claims one job after another while a worker is free and jobs are due. */
  private void claimWhileFree() {
    if (claiming) {
      claimAgain = true;
      return;
    }
    if (stopping || running >= config.concurrency()) {
      return;
    }
    claimAgain = false;
    claiming = true;
    // Only the types this JVM has code for: the others belong to workers over the bridge.
    JsonObject claim =
        new JsonObject()
            .put(JobMessages.OWNER, owner)
            .put(JobMessages.LEASE_MS, config.leaseMs())
            .put(JobMessages.TYPES, new JsonArray(List.copyOf(handlers.keySet())));
    bus.<JsonObject>request(Addresses.Jobs.CLAIM, claim)
        .onComplete(
            reply -> {
              claiming = false;
              JsonObject job =
                  reply.succeeded() ? reply.result().body().getJsonObject(JobMessages.JOB) : null;
              if (job != null) {
                running++;
                run(job)
                    .onComplete(
                        done -> {
                          running--;
                          claimWhileFree();
                        });
                claimWhileFree();
              } else {
                if (reply.failed()) {
                  LOG.debug("claim failed: {}", reply.cause().getMessage());
                }
                if (claimAgain) {
                  claimWhileFree();
                }
              }
            });
  }

  private Future<Void> run(JsonObject job) {
    String id = job.getString(JobMessages.ID);
    runningIds.add(id);
    int attempt = job.getInteger(JobMessages.ATTEMPTS);
    long renewTimer = vertx.setPeriodic(Math.max(1, config.leaseMs() / 3), t -> renew(id, attempt));
    JobHandler handler = handlers.get(job.getString(JobMessages.TYPE));
    Future<JobHandler.Outcome> outcome;
    try {
      outcome =
          handler == null
              ? Future.failedFuture("no handler for job type " + job.getString(JobMessages.TYPE))
              : handler.run(job);
    } catch (RuntimeException e) {
      outcome = Future.failedFuture(e);
    }
    return outcome
        .transform(
            ended ->
                finish(job, ended.succeeded() ? ended.result() : null, ended.cause(), FINISH_TRIES))
        // The lease is renewed until the outcome is recorded, so a done job is not run again.
        .onComplete(
            recorded -> {
              vertx.cancelTimer(renewTimer);
              runningIds.remove(id);
            });
  }

  private void renew(String id, int attempt) {
    JsonObject renewal =
        new JsonObject()
            .put(JobMessages.ID, id)
            .put(JobMessages.OWNER, owner)
            .put(JobMessages.ATTEMPTS, attempt)
            .put(JobMessages.LEASE_MS, config.leaseMs());
    bus.request(Addresses.Jobs.RENEW, renewal)
        .onFailure(e -> LOG.warn("lease of job {} not renewed: {}", id, e.getMessage()));
  }

  private Future<Void> finish(
      JsonObject job, JobHandler.Outcome outcome, Throwable failure, int tries) {
    String id = job.getString(JobMessages.ID);
    JsonObject report =
        new JsonObject()
            .put(JobMessages.ID, id)
            .put(JobMessages.OWNER, owner)
            .put(JobMessages.ATTEMPTS, job.getInteger(JobMessages.ATTEMPTS));
    if (failure == null) {
      report
          .put(JobMessages.OUTCOME, JobMessages.SUCCEEDED)
          .put(JobMessages.RESULT, outcome.result());
      if (outcome.file() != null) {
        report.put(JobMessages.FILE, outcome.file());
      }
    } else {
      report
          .put(JobMessages.OUTCOME, JobMessages.FAILED)
          .put(JobMessages.ERROR, String.valueOf(failure.getMessage()))
          .put(
              JobMessages.RETRY_DELAY_MS,
              config.backoffAfter(job.getInteger(JobMessages.ATTEMPTS)));
    }
    return bus.<JsonObject>request(Addresses.Jobs.FINISH, report)
        .<Void>mapEmpty()
        .recover(
            e -> {
              boolean lost =
                  e instanceof ReplyException reply
                      && reply.failureCode() == BusError.CONFLICT.code;
              if (lost || tries <= 1) {
                LOG.warn("outcome of job {} not recorded: {}", id, e.getMessage());
                return Future.succeededFuture();
              }
              LOG.info("outcome of job {} not recorded yet ({}); trying again", id, e.getMessage());
              Promise<Void> later = Promise.promise();
              vertx.setTimer(
                  FINISH_RETRY_MS, t -> finish(job, outcome, failure, tries - 1).onComplete(later));
              return later.future();
            });
  }
}
