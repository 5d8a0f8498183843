package dev.eventstack.db;

import static dev.eventstack.contract.JobMessages.ATTEMPTS;
import static dev.eventstack.contract.JobMessages.CANCELLED;
import static dev.eventstack.contract.JobMessages.FAILED;
import static dev.eventstack.contract.JobMessages.FILE;
import static dev.eventstack.contract.JobMessages.ID;
import static dev.eventstack.contract.JobMessages.JOB;
import static dev.eventstack.contract.JobMessages.LEASE_MS;
import static dev.eventstack.contract.JobMessages.OWNER;
import static dev.eventstack.contract.JobMessages.QUEUED;
import static dev.eventstack.contract.JobMessages.RUNNING;
import static dev.eventstack.contract.JobMessages.STATUS;
import static dev.eventstack.contract.JobMessages.TYPE;
import static dev.eventstack.db.JobDocuments.CREATED_MS;
import static dev.eventstack.db.JobDocuments.ENDED_MS;
import static dev.eventstack.db.JobDocuments.LEASE_UNTIL_MS;
import static dev.eventstack.db.JobDocuments.MAX_ATTEMPTS;
import static dev.eventstack.db.JobDocuments.RUN_AFTER_MS;
import static dev.eventstack.db.JobDocuments.STARTED_MS;
import static dev.eventstack.db.JobDocuments.view;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BusError;
import dev.eventstack.contract.JobMessages;
import dev.eventstack.contract.RequestConsumers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The persistent job queue of seed 004's Celery role, in the {@code jobs} collection. Delivery is
 * at least once: a worker claims a due job atomically (queued → running, with its owner and a lease
 * expiry), renews the lease while it works, and reports the outcome. A failure goes back to the
 * queue after the worker's backoff until {@code max_attempts}; a job whose lease ran out (its
 * worker died) is put back by {@code jobs.reap}. Result files live in {@code job_files}.
 */
final class JobQueueStore {

  private static final Logger LOG = LoggerFactory.getLogger(JobQueueStore.class);
  static final String COLLECTION = "jobs";
  static final String FILES = "job_files";

  private final Vertx vertx;
  private final EventBus bus;
  private final RequestConsumers requests;
  private final MongoClient mongo;
  private final Durability durability;

  JobQueueStore(Vertx vertx, RequestConsumers requests, MongoClient mongo, Durability durability) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.requests = requests;
    this.mongo = mongo;
    this.durability = durability;
  }

  Future<Void> register() {
    return Future.all(
            // The claim: queued, due, oldest first (its sort is the index order).
            mongo.createIndexWithOptions(
                COLLECTION,
                new JsonObject().put(STATUS, 1).put(RUN_AFTER_MS, 1).put(CREATED_MS, 1),
                new IndexOptions()),
            // Lists by status or by type, newest first.
            mongo.createIndexWithOptions(
                COLLECTION,
                new JsonObject().put(STATUS, 1).put(CREATED_MS, -1),
                new IndexOptions()),
            mongo.createIndexWithOptions(
                COLLECTION, new JsonObject().put(TYPE, 1).put(CREATED_MS, -1), new IndexOptions()),
            mongo.createIndexWithOptions(
                COLLECTION,
                new JsonObject().put(STATUS, 1).put(LEASE_UNTIL_MS, 1),
                new IndexOptions()),
            mongo.createIndexWithOptions(
                COLLECTION, new JsonObject().put(CREATED_MS, -1), new IndexOptions()))
        .compose(
            v ->
                Future.all(
                    List.of(
                        requests.serve(Addresses.Jobs.SUBMIT, this::submit).completion(),
                        requests.serve(Addresses.Jobs.GET, this::get).completion(),
                        requests.serve(Addresses.Jobs.LIST, this::list).completion(),
                        requests.serve(Addresses.Jobs.COUNTS, this::counts).completion(),
                        requests.serve(Addresses.Jobs.CANCEL, this::cancel).completion(),
                        requests.serve(Addresses.Jobs.RESULT, this::result).completion(),
                        requests.serve(Addresses.Jobs.CLAIM, this::claim).completion(),
                        requests.serve(Addresses.Jobs.RENEW, this::renew).completion(),
                        requests.serve(Addresses.Jobs.FINISH, this::finish).completion(),
                        requests.serve(Addresses.Jobs.REAP, this::reap).completion())))
        .mapEmpty();
  }

  private Future<JsonObject> submit(Message<JsonObject> message) {
    JsonObject document = JobDocuments.submitted(message.body(), System.currentTimeMillis());
    return mongo
        .insert(COLLECTION, document)
        .compose(v -> durability.durable())
        .map(
            v -> {
              LOG.info(
                  "req_id={} job queued id={} type={}",
                  RequestIds.of(message),
                  document.getString("_id"),
                  document.getString(TYPE));
              changed(document);
              announceQueued(document.getString("_id"));
              return withJob(document);
            });
  }

  private Future<JsonObject> get(Message<JsonObject> message) {
    String id = message.body().getString(ID);
    return mongo
        .findOne(COLLECTION, byId(id), null)
        .compose(document -> found(document, id))
        .map(document -> withJob(document));
  }

  private Future<JsonObject> list(Message<JsonObject> message) {
    JsonObject body = message.body();
    JsonObject query = new JsonObject();
    if (body.getString(STATUS) != null) {
      query.put(STATUS, body.getString(STATUS));
    }
    if (body.getString(TYPE) != null) {
      query.put(TYPE, body.getString(TYPE));
    }
    FindOptions options =
        new FindOptions()
            .setSort(new JsonObject().put(CREATED_MS, -1))
            .setLimit(body.getInteger(JobMessages.LIMIT, JobMessages.DEFAULT_LIST_LIMIT))
            .setBatchSize(Lists.BATCH_SIZE);
    return mongo
        .findWithOptions(COLLECTION, query, options)
        .map(
            documents -> {
              JsonArray jobs = new JsonArray();
              documents.forEach(document -> jobs.add(view(document)));
              return new JsonObject().put(JobMessages.JOBS, jobs);
            });
  }

  /** One count per status; each is a range of the (status, createdMs) index, never a scan. */
  private Future<JsonObject> counts(Message<JsonObject> message) {
    List<Future<Long>> counts =
        JobMessages.STATUSES.stream()
            .map(status -> mongo.count(COLLECTION, new JsonObject().put(STATUS, status)))
            .toList();
    return Future.all(counts)
        .map(
            all -> {
              JsonObject byStatus = new JsonObject();
              for (int i = 0; i < counts.size(); i++) {
                byStatus.put(JobMessages.STATUSES.get(i), all.<Long>resultAt(i));
              }
              return new JsonObject().put(JobMessages.COUNTS, byStatus);
            });
  }

  private Future<JsonObject> cancel(Message<JsonObject> message) {
    String id = message.body().getString(ID);
    JsonObject queued = byId(id).put(STATUS, QUEUED);
    JsonObject set =
        new JsonObject().put(STATUS, CANCELLED).put(ENDED_MS, System.currentTimeMillis());
    return update(queued, set)
        .compose(
            cancelled ->
                cancelled != null
                    ? Future.succeededFuture(cancelled)
                    : mongo
                        .findOne(COLLECTION, byId(id), null)
                        .compose(current -> found(current, id))
                        .compose(
                            current ->
                                BusError.CONFLICT.refuse(
                                    "Job "
                                        + id
                                        + " is "
                                        + current.getString(STATUS)
                                        + "; only a queued job can be cancelled")))
        .map(
            cancelled -> {
              LOG.info("req_id={} job cancelled id={}", RequestIds.of(message), id);
              changed(cancelled);
              return withJob(cancelled);
            });
  }

  private Future<JsonObject> result(Message<JsonObject> message) {
    String id = message.body().getString(ID);
    return mongo
        .findOne(FILES, byId(id), null)
        .compose(
            file -> {
              if (file == null) {
                return BusError.NOT_FOUND.refuse("Job " + id + " has no result file");
              }
              file.remove("_id");
              return Future.succeededFuture(file);
            });
  }

  /** Hands the oldest due job to a worker: one atomic queued → running, with a lease. */
  private Future<JsonObject> claim(Message<JsonObject> message) {
    String bad = JobDocuments.badClaim(message.body(), 1);
    if (bad != null) {
      return BusError.INVALID.refuse(bad);
    }
    long now = System.currentTimeMillis();
    JsonObject due =
        new JsonObject().put(STATUS, QUEUED).put(RUN_AFTER_MS, new JsonObject().put("$lte", now));
    JsonArray types = message.body().getJsonArray(JobMessages.TYPES);
    if (types != null) {
      due.put(TYPE, new JsonObject().put("$in", types));
    }
    JsonObject update =
        new JsonObject()
            .put(
                "$set",
                new JsonObject()
                    .put(STATUS, RUNNING)
                    .put(OWNER, message.body().getString(OWNER))
                    .put(STARTED_MS, now)
                    .put(LEASE_UNTIL_MS, now + message.body().getLong(LEASE_MS)))
            .put("$inc", new JsonObject().put(ATTEMPTS, 1));
    FindOptions oldestFirst =
        new FindOptions().setSort(new JsonObject().put(RUN_AFTER_MS, 1).put(CREATED_MS, 1));
    return mongo
        .findOneAndUpdateWithOptions(
            COLLECTION, due, update, oldestFirst, new UpdateOptions().setReturningNewDocument(true))
        .compose(claimed -> durability.durable().map(claimed))
        .map(
            claimed -> {
              if (claimed == null) {
                return new JsonObject();
              }
              LOG.info(
                  "job claimed id={} type={} attempt={} owner={}",
                  claimed.getString("_id"),
                  claimed.getString(TYPE),
                  claimed.getInteger(ATTEMPTS),
                  claimed.getString(OWNER));
              changed(claimed);
              return withJob(claimed);
            });
  }

  private Future<JsonObject> renew(Message<JsonObject> message) {
    JsonObject body = message.body();
    String bad = JobDocuments.badClaim(body, 0);
    if (bad != null) {
      return BusError.INVALID.refuse(bad);
    }
    JsonObject mine = claimOf(body);
    JsonObject set =
        new JsonObject().put(LEASE_UNTIL_MS, System.currentTimeMillis() + body.getLong(LEASE_MS));
    return mongo
        .updateCollection(COLLECTION, mine, new JsonObject().put("$set", set))
        .compose(
            updated ->
                updated.getDocMatched() == 0
                    ? notYours(body.getString(ID))
                    : Future.succeededFuture(new JsonObject()));
  }

  /**
   * Records how a run ended: succeeded (with its result and file), or failed, which queues a retry
   * after {@code retry_delay_ms} while attempts remain, and fails the job for good otherwise.
   */
  private Future<JsonObject> finish(Message<JsonObject> message) {
    JsonObject body = message.body();
    String id = body.getString(ID);
    String badFile = JobDocuments.badFile(body.getValue(FILE));
    if (badFile != null) {
      return BusError.INVALID.refuse(badFile);
    }
    JobDocuments.Report report = JobDocuments.Report.of(body);
    JsonObject mine = claimOf(body);
    return mongo
        .findOne(COLLECTION, mine, null)
        .compose(
            running -> {
              if (running == null) {
                return Future.succeededFuture(null);
              }
              JsonObject file = body.getJsonObject(FILE);
              Future<?> saved =
                  file == null
                      ? Future.succeededFuture()
                      : mongo.save(FILES, file.copy().put("_id", id));
              return saved.compose(v -> update(mine, JobDocuments.outcome(running, report)));
            })
        .compose(finished -> durability.durable().map(finished))
        .compose(finished -> finished == null ? notYours(id) : Future.succeededFuture(finished))
        .map(
            finished -> {
              LOG.info(
                  "job {} id={} type={} attempt={}/{}",
                  finished.getString(STATUS),
                  id,
                  finished.getString(TYPE),
                  finished.getInteger(ATTEMPTS),
                  finished.getInteger(MAX_ATTEMPTS));
              changed(finished);
              if (QUEUED.equals(finished.getString(STATUS))) {
                announceQueuedAt(id, finished.getLong(RUN_AFTER_MS));
              }
              return withJob(finished);
            });
  }

  /**
   * The claim a worker reports on: its job, owner and attempt. A worker's earlier claim of the same
   * job, since reaped and claimed again, no longer matches.
   */
  private static JsonObject claimOf(JsonObject body) {
    JsonObject claim =
        byId(body.getString(ID)).put(OWNER, body.getString(OWNER)).put(STATUS, RUNNING);
    Integer attempt = body.getInteger(ATTEMPTS);
    return attempt == null ? claim : claim.put(ATTEMPTS, attempt);
  }

  /** Puts back the running jobs whose lease expired: their worker stopped renewing it. */
  private Future<JsonObject> reap(Message<JsonObject> message) {
    long now = System.currentTimeMillis();
    JsonObject expired =
        new JsonObject().put(STATUS, RUNNING).put(LEASE_UNTIL_MS, new JsonObject().put("$lt", now));
    return mongo
        .findWithOptions(
            COLLECTION, expired, new FindOptions().setLimit(message.body().getInteger("max", 100)))
        .compose(jobs -> Future.all(jobs.stream().map(job -> requeue(job, now)).toList()))
        .map(
            all -> {
              int requeued = 0;
              int failed = 0;
              for (int i = 0; i < all.size(); i++) {
                JsonObject job = all.resultAt(i);
                if (job == null) {
                  continue;
                }
                if (FAILED.equals(job.getString(STATUS))) {
                  failed++;
                } else {
                  requeued++;
                }
              }
              return new JsonObject().put("requeued", requeued).put("failed", failed);
            });
  }

  private Future<JsonObject> requeue(JsonObject job, long now) {
    String id = job.getString("_id");
    // Only if nobody renewed or finished it meanwhile.
    JsonObject stillExpired =
        byId(id).put(STATUS, RUNNING).put(LEASE_UNTIL_MS, job.getLong(LEASE_UNTIL_MS));
    return update(stillExpired, JobDocuments.leaseExpired(job, now))
        .compose(changed -> durability.durable().map(changed))
        .onSuccess(
            changed -> {
              if (changed != null) {
                LOG.warn(
                    "job {} after lease expiry id={} previous_owner={}",
                    changed.getString(STATUS),
                    id,
                    job.getString(OWNER));
                changed(changed);
                if (QUEUED.equals(changed.getString(STATUS))) {
                  announceQueued(id);
                }
              }
            });
  }

  private Future<JsonObject> update(JsonObject query, JsonObject set) {
    return mongo.findOneAndUpdateWithOptions(
        COLLECTION,
        query,
        new JsonObject().put("$set", set),
        new FindOptions(),
        new UpdateOptions().setReturningNewDocument(true));
  }

  private void changed(JsonObject document) {
    DbMetrics.jobStatus(document.getString(STATUS));
    bus.publish(Addresses.Events.JOB_CHANGED, withJob(document));
  }

  private void announceQueued(String id) {
    bus.publish(Addresses.Jobs.QUEUED, JobMessages.byId(id));
  }

  /** Wakes the workers when a retry becomes due; their slow poll covers a restart meanwhile. */
  private void announceQueuedAt(String id, long runAfterMs) {
    long delay = runAfterMs - System.currentTimeMillis();
    if (delay < 1) {
      announceQueued(id);
    } else {
      vertx.setTimer(delay, t -> announceQueued(id));
    }
  }

  /** {@code {"job": …}}: the reply and the event body that carry a job. */
  private static JsonObject withJob(JsonObject document) {
    return new JsonObject().put(JOB, view(document));
  }

  private static JsonObject byId(String id) {
    return new JsonObject().put("_id", id);
  }

  /** What is stored under {@code id}, or a refusal when there is nothing. */
  private static <T> Future<T> found(T stored, String id) {
    return stored != null
        ? Future.succeededFuture(stored)
        : BusError.NOT_FOUND.refuse("Job " + id + " not found");
  }

  private static <T> Future<T> notYours(String id) {
    return BusError.CONFLICT.refuse("Job " + id + " is no longer yours");
  }
}
