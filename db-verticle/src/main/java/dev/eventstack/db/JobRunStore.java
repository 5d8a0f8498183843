package dev.eventstack.db;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.JobMessages;
import dev.eventstack.contract.RequestConsumers;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import java.time.Instant;

/**
 * The run log of the scheduled jobs, in {@code job_runs}: one row per run, with the job, the node
 * that ran it, the tick, start, end and outcome.
 */
final class JobRunStore {

  static final String COLLECTION = "job_runs";
  private static final String START_MS = "startMs";

  private final RequestConsumers requests;
  private final MongoClient mongo;

  JobRunStore(RequestConsumers requests, MongoClient mongo) {
    this.requests = requests;
    this.mongo = mongo;
  }

  Future<Void> register() {
    return mongo
        .createIndexWithOptions(
            COLLECTION, new JsonObject().put("job", 1).put(START_MS, -1), new IndexOptions())
        .compose(
            v ->
                Future.all(
                    requests.serve(Addresses.Jobs.RECORD_RUN, this::record).completion(),
                    requests.serve(Addresses.Jobs.LIST_RUNS, this::list).completion()))
        .mapEmpty();
  }

  private Future<JsonObject> record(Message<JsonObject> message) {
    JsonObject run = message.body().copy();
    run.put(START_MS, Instant.parse(run.getString("start")).toEpochMilli());
    return mongo.insert(COLLECTION, run).map(id -> new JsonObject());
  }

  private Future<JsonObject> list(Message<JsonObject> message) {
    String job = message.body().getString("job");
    JsonObject query = job == null ? new JsonObject() : new JsonObject().put("job", job);
    FindOptions newestFirst =
        new FindOptions()
            .setSort(new JsonObject().put(START_MS, -1))
            .setLimit(message.body().getInteger(JobMessages.LIMIT, JobMessages.DEFAULT_LIST_LIMIT))
            .setBatchSize(Lists.BATCH_SIZE)
            .setFields(new JsonObject().put("_id", 0).put(START_MS, 0));
    return mongo
        .findWithOptions(COLLECTION, query, newestFirst)
        .map(runs -> new JsonObject().put(JobMessages.RUNS, new JsonArray(runs)));
  }
}
