package dev.eventstack.db;

import static dev.eventstack.contract.JobMessages.ATTEMPTS;
import static dev.eventstack.contract.JobMessages.CANCELLED;
import static dev.eventstack.contract.JobMessages.ERROR;
import static dev.eventstack.contract.JobMessages.FAILED;
import static dev.eventstack.contract.JobMessages.FILE;
import static dev.eventstack.contract.JobMessages.ID;
import static dev.eventstack.contract.JobMessages.JOB;
import static dev.eventstack.contract.JobMessages.LEASE_MS;
import static dev.eventstack.contract.JobMessages.OWNER;
import static dev.eventstack.contract.JobMessages.PAYLOAD;
import static dev.eventstack.contract.JobMessages.QUEUED;
import static dev.eventstack.contract.JobMessages.RESULT;
import static dev.eventstack.contract.JobMessages.RUNNING;
import static dev.eventstack.contract.JobMessages.STATUS;
import static dev.eventstack.contract.JobMessages.SUCCEEDED;
import static dev.eventstack.contract.JobMessages.TYPE;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BusError;
import dev.eventstack.contract.JobMessages;
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
import java.time.Instant;
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

  // Stored field names; times are epoch milliseconds so that the database compares them.
  private static final String MAX_ATTEMPTS = "maxAttempts";
  private static final String CREATED_MS = "createdMs";
  private static final String STARTED_MS = "startedMs";
  private static final String ENDED_MS = "endedMs";
  private static final String RUN_AFTER_MS = "runAfterMs";
  private static final String LEASE_UNTIL_MS = "leaseUntilMs";
  private static final String HAS_FILE = "hasFile";

  private final Vertx vertx;
  private final EventBus bus;
  private final MongoClient mongo;
  private final Durability durability;

  JobQueueStore(Vertx vertx, MongoClient mongo, Durability durability) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
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
                        bus.consumer(Addresses.Jobs.SUBMIT, Guarded.handler(this::submit))
                            .completion(),
                        bus.consumer(Addresses.Jobs.GET, Guarded.handler(this::get)).completion(),
                        bus.consumer(Addresses.Jobs.LIST, Guarded.handler(this::list)).completion(),
                        bus.consumer(Addresses.Jobs.COUNTS, Guarded.handler(this::counts))
                            .completion(),
                        bus.consumer(Addresses.Jobs.CANCEL, Guarded.handler(this::cancel))
                            .completion(),
                        bus.consumer(Addresses.Jobs.RESULT, Guarded.handler(this::result))
                            .completion(),
                        bus.consumer(Addresses.Jobs.CLAIM, Guarded.handler(this::claim))
                            .completion(),
                        bus.consumer(Addresses.Jobs.RENEW, Guarded.handler(this::renew))
                            .completion(),
                        bus.consumer(Addresses.Jobs.FINISH, Guarded.handler(this::finish))
                            .completion(),
                        bus.consumer(Addresses.Jobs.REAP, Guarded.handler(this::reap))
                            .completion())))
        .mapEmpty();
  }

  private void submit(Message<JsonObject> message) {
    JsonObject body = message.body();
    long now = System.currentTimeMillis();
    JsonObject document =
        new JsonObject()
            .put("_id", TaskStore.newTaskId())
            .put(TYPE, body.getString(TYPE))
            .put(PAYLOAD, body.getJsonObject(PAYLOAD, new JsonObject()))
            .put(STATUS, QUEUED)
            .put(ATTEMPTS, 0)
            .put(MAX_ATTEMPTS, body.getInteger(JobMessages.MAX_ATTEMPTS))
            .put(CREATED_MS, now)
            .put(RUN_AFTER_MS, now);
    mongo
        .insert(COLLECTION, document)
        .compose(v -> durability.durable())
        .onSuccess(
            v -> {
              LOG.info(
                  "req_id={} job queued id={} type={}",
                  RequestIds.of(message),
                  document.getString("_id"),
                  document.getString(TYPE));
              message.reply(new JsonObject().put(JOB, view(document)));
              changed(document);
              announceQueued(document.getString("_id"));
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void get(Message<JsonObject> message) {
    String id = message.body().getString(ID);
    mongo
        .findOne(COLLECTION, byId(id), null)
        .onSuccess(
            document -> {
              if (document == null) {
                unknown(message, id);
              } else {
                message.reply(new JsonObject().put(JOB, view(document)));
              }
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void list(Message<JsonObject> message) {
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
    mongo
        .findWithOptions(COLLECTION, query, options)
        .onSuccess(
            documents -> {
              JsonArray jobs = new JsonArray();
              documents.forEach(document -> jobs.add(view(document)));
              message.reply(new JsonObject().put(JobMessages.JOBS, jobs));
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  /** One count per status; each is a range of the (status, createdMs) index, never a scan. */
  private void counts(Message<JsonObject> message) {
    List<Future<Long>> counts =
        JobMessages.STATUSES.stream()
            .map(status -> mongo.count(COLLECTION, new JsonObject().put(STATUS, status)))
            .toList();
    Future.all(counts)
        .onSuccess(
            all -> {
              JsonObject byStatus = new JsonObject();
              for (int i = 0; i < counts.size(); i++) {
                byStatus.put(JobMessages.STATUSES.get(i), all.<Long>resultAt(i));
              }
              message.reply(new JsonObject().put(JobMessages.COUNTS, byStatus));
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void cancel(Message<JsonObject> message) {
    String id = message.body().getString(ID);
    JsonObject queued = byId(id).put(STATUS, QUEUED);
    JsonObject set =
        new JsonObject().put(STATUS, CANCELLED).put(ENDED_MS, System.currentTimeMillis());
    update(queued, set)
        .compose(
            cancelled ->
                cancelled != null
                    ? Future.succeededFuture(cancelled)
                    : mongo
                        .findOne(COLLECTION, byId(id), null)
                        .map(
                            current -> {
                              if (current == null) {
                                unknown(message, id);
                              } else {
                                BusError.CONFLICT.fail(
                                    message,
                                    "Job "
                                        + id
                                        + " is "
                                        + current.getString(STATUS)
                                        + "; only a queued job can be cancelled");
                              }
                              return null;
                            }))
        .onSuccess(
            cancelled -> {
              if (cancelled != null) {
                LOG.info("req_id={} job cancelled id={}", RequestIds.of(message), id);
                message.reply(new JsonObject().put(JOB, view(cancelled)));
                changed(cancelled);
              }
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void result(Message<JsonObject> message) {
    String id = message.body().getString(ID);
    mongo
        .findOne(FILES, byId(id), null)
        .onSuccess(
            file -> {
              if (file == null) {
                BusError.NOT_FOUND.fail(message, "Job " + id + " has no result file");
              } else {
                file.remove("_id");
                message.reply(file);
              }
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  /** The longest lease a worker may take or renew: an hour. */
  static final long MOST_LEASE_MS = 3_600_000;

  /** Workers also call over the bridge: their owner and lease must be sane. */
  private static String badClaim(JsonObject body, long leastLease) {
    if (!(body.getValue(OWNER) instanceof String owner) || owner.isBlank()) {
      return "owner: a non-empty string is required";
    }
    if (!(body.getValue(LEASE_MS) instanceof Number lease)
        || lease.longValue() < leastLease
        || lease.longValue() > MOST_LEASE_MS) {
      return "lease_ms: expected a number of ms from " + leastLease + " to " + MOST_LEASE_MS;
    }
    return null;
  }

  /** Hands the oldest due job to a worker: one atomic queued → running, with a lease. */
  private void claim(Message<JsonObject> message) {
    String bad = badClaim(message.body(), 1);
    if (bad != null) {
      BusError.INVALID.fail(message, bad);
      return;
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
    mongo
        .findOneAndUpdateWithOptions(
            COLLECTION, due, update, oldestFirst, new UpdateOptions().setReturningNewDocument(true))
        .compose(claimed -> durability.durable().map(claimed))
        .onSuccess(
            claimed -> {
              if (claimed == null) {
                message.reply(new JsonObject());
                return;
              }
              LOG.info(
                  "job claimed id={} type={} attempt={} owner={}",
                  claimed.getString("_id"),
                  claimed.getString(TYPE),
                  claimed.getInteger(ATTEMPTS),
                  claimed.getString(OWNER));
              message.reply(new JsonObject().put(JOB, view(claimed)));
              changed(claimed);
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void renew(Message<JsonObject> message) {
    JsonObject body = message.body();
    String bad = badClaim(body, 0);
    if (bad != null) {
      BusError.INVALID.fail(message, bad);
      return;
    }
    JsonObject mine = claimOf(body);
    JsonObject set =
        new JsonObject().put(LEASE_UNTIL_MS, System.currentTimeMillis() + body.getLong(LEASE_MS));
    mongo
        .updateCollection(COLLECTION, mine, new JsonObject().put("$set", set))
        .onSuccess(
            updated -> {
              if (updated.getDocMatched() == 0) {
                BusError.CONFLICT.fail(
                    message, "Job " + body.getString(ID) + " is no longer yours");
              } else {
                message.reply(new JsonObject());
              }
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  /**
   * Records how a run ended: succeeded (with its result and file), or failed, which queues a retry
   * after {@code retry_delay_ms} while attempts remain, and fails the job for good otherwise.
   */
  private void finish(Message<JsonObject> message) {
    JsonObject body = message.body();
    String id = body.getString(ID);
    String badFile = badFile(body.getValue(FILE));
    if (badFile != null) {
      BusError.INVALID.fail(message, badFile);
      return;
    }
    JsonObject mine = claimOf(body);
    mongo
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
              return saved.compose(v -> update(mine, outcome(running, body)));
            })
        .compose(finished -> durability.durable().map(finished))
        .onSuccess(
            finished -> {
              if (finished == null) {
                BusError.CONFLICT.fail(message, "Job " + id + " is no longer yours");
                return;
              }
              LOG.info(
                  "job {} id={} type={} attempt={}/{}",
                  finished.getString(STATUS),
                  id,
                  finished.getString(TYPE),
                  finished.getInteger(ATTEMPTS),
                  finished.getInteger(MAX_ATTEMPTS));
              message.reply(new JsonObject().put(JOB, view(finished)));
              changed(finished);
              if (QUEUED.equals(finished.getString(STATUS))) {
                announceQueuedAt(id, finished.getLong(RUN_AFTER_MS));
              }
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
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

  /** A result file is served as a download: its name and type go into HTTP headers. */
  private static String badFile(Object file) {
    if (file == null) {
      return null;
    }
    if (!(file instanceof JsonObject f)
        || !(f.getValue(JobMessages.FILE_NAME) instanceof String name)
        || !name.matches("[A-Za-z0-9._-]{1,128}")
        || !(f.getValue(JobMessages.FILE_CONTENT_TYPE) instanceof String type)
        || !type.matches("[A-Za-z0-9.+-]+/[A-Za-z0-9.+-]+(; ?charset=[A-Za-z0-9-]+)?")
        || !(f.getValue(JobMessages.FILE_CONTENT) instanceof String)) {
      return "file: expected {name: [A-Za-z0-9._-], contentType: type/subtype, content: string}";
    }
    return null;
  }

  private static JsonObject outcome(JsonObject running, JsonObject report) {
    long now = System.currentTimeMillis();
    JsonObject set = new JsonObject().put(OWNER, null).put(LEASE_UNTIL_MS, null);
    if (SUCCEEDED.equals(report.getString(JobMessages.OUTCOME))) {
      return set.put(STATUS, SUCCEEDED)
          .put(ENDED_MS, now)
          .put(RESULT, report.getJsonObject(RESULT, new JsonObject()))
          .put(HAS_FILE, report.containsKey(FILE))
          .put(ERROR, null);
    }
    set.put(ERROR, report.getString(ERROR, "failed"));
    if (running.getInteger(ATTEMPTS) < running.getInteger(MAX_ATTEMPTS)) {
      return set.put(STATUS, QUEUED)
          .put(RUN_AFTER_MS, now + report.getLong(JobMessages.RETRY_DELAY_MS, 0L));
    }
    return set.put(STATUS, FAILED).put(ENDED_MS, now);
  }

  /** Puts back the running jobs whose lease expired: their worker stopped renewing it. */
  private void reap(Message<JsonObject> message) {
    long now = System.currentTimeMillis();
    JsonObject expired =
        new JsonObject().put(STATUS, RUNNING).put(LEASE_UNTIL_MS, new JsonObject().put("$lt", now));
    mongo
        .findWithOptions(
            COLLECTION, expired, new FindOptions().setLimit(message.body().getInteger("max", 100)))
        .compose(jobs -> Future.all(jobs.stream().map(job -> requeue(job, now)).toList()))
        .onSuccess(
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
              message.reply(new JsonObject().put("requeued", requeued).put("failed", failed));
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private Future<JsonObject> requeue(JsonObject job, long now) {
    String id = job.getString("_id");
    // Only if nobody renewed or finished it meanwhile.
    JsonObject stillExpired =
        byId(id).put(STATUS, RUNNING).put(LEASE_UNTIL_MS, job.getLong(LEASE_UNTIL_MS));
    String error = "lease expired: worker " + job.getString(OWNER) + " stopped renewing it";
    JsonObject set = new JsonObject().put(OWNER, null).put(LEASE_UNTIL_MS, null).put(ERROR, error);
    if (job.getInteger(ATTEMPTS) < job.getInteger(MAX_ATTEMPTS)) {
      set.put(STATUS, QUEUED).put(RUN_AFTER_MS, now);
    } else {
      set.put(STATUS, FAILED).put(ENDED_MS, now);
    }
    return update(stillExpired, set)
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
    bus.publish(Addresses.Events.JOB_CHANGED, new JsonObject().put(JOB, view(document)));
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

  /** The job as the API shows it. */
  static JsonObject view(JsonObject document) {
    JsonObject job =
        new JsonObject()
            .put(ID, document.getString("_id"))
            .put(TYPE, document.getString(TYPE))
            .put(PAYLOAD, document.getJsonObject(PAYLOAD))
            .put(STATUS, document.getString(STATUS))
            .put(ATTEMPTS, document.getInteger(ATTEMPTS))
            .put(JobMessages.MAX_ATTEMPTS, document.getInteger(MAX_ATTEMPTS))
            .put(JobMessages.CREATED, iso(document.getLong(CREATED_MS)));
    putTime(job, JobMessages.STARTED, document.getLong(STARTED_MS));
    putTime(job, JobMessages.ENDED, document.getLong(ENDED_MS));
    if (QUEUED.equals(document.getString(STATUS)) && document.getInteger(ATTEMPTS) > 0) {
      putTime(job, JobMessages.NEXT_ATTEMPT, document.getLong(RUN_AFTER_MS));
    }
    if (document.getValue(RESULT) != null) {
      job.put(RESULT, document.getValue(RESULT));
    }
    if (document.getString(ERROR) != null) {
      job.put(ERROR, document.getString(ERROR));
    }
    if (document.getBoolean(HAS_FILE, false)) {
      job.put("result_file", true);
    }
    if (document.getString(OWNER) != null) {
      job.put(OWNER, document.getString(OWNER));
    }
    return job;
  }

  private static void putTime(JsonObject job, String field, Long millis) {
    if (millis != null) {
      job.put(field, iso(millis));
    }
  }

  private static String iso(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  private static JsonObject byId(String id) {
    return new JsonObject().put("_id", id);
  }

  private static void unknown(Message<JsonObject> message, String id) {
    BusError.NOT_FOUND.fail(message, "Job " + id + " not found");
  }
}
