package dev.eventstack.db;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BusError;
import dev.eventstack.contract.RequestConsumers;
import dev.eventstack.contract.TaskMessages;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the to-do tasks: the {@link Addresses.Tasks} requests, over the {@code tasks} collection.
 * A task is stored as its own JSON with the task id as {@code _id}. After each committed write it
 * publishes {@link Addresses.Events#TASK_CHANGED}.
 */
final class TaskStore {

  private static final Logger LOG = LoggerFactory.getLogger(TaskStore.class);
  static final String COLLECTION = "tasks";

  /**
   * Stored, never shown: when the task was first saved as completed, for the purge job. A task
   * saved as not completed loses it.
   */
  static final String COMPLETED_AT = "_completedAtMs";

  private final EventBus bus;
  private final RequestConsumers requests;
  private final MongoClient mongo;
  private final Durability durability;
  private final ReadCache<String> cache;

  /** Creates that arrive together go to the database as one bulk insert and one commit. */
  private final WriteCoalescer<JsonObject, Void> creates =
      new WriteCoalescer<>(MAX_CREATE_BATCH, this::insertAll, this::durableNow);

  private static final int MAX_CREATE_BATCH = 1000;

  TaskStore(
      EventBus bus,
      RequestConsumers requests,
      MongoClient mongo,
      Durability durability,
      ReadCache<String> cache) {
    this.bus = bus;
    this.requests = requests;
    this.mongo = mongo;
    this.durability = durability;
    this.cache = cache;
  }

  Future<Void> register() {
    // The purge reads the completed tasks by completion time.
    return mongo
        .createIndexWithOptions(
            COLLECTION,
            new JsonObject().put("completed", 1).put(COMPLETED_AT, 1),
            new IndexOptions())
        .compose(v -> registerConsumers());
  }

  private Future<Void> registerConsumers() {
    return Future.all(
            List.of(
                requests.serve(Addresses.Tasks.LIST, this::list).completion(),
                requests.serve(Addresses.Tasks.GET, this::get).completion(),
                requests.serve(Addresses.Tasks.CREATE, this::create).completion(),
                requests.serve(Addresses.Tasks.REPLACE, this::replace).completion(),
                requests.serve(Addresses.Tasks.DELETE, this::delete).completion(),
                requests.serve(Addresses.Tasks.REPORT, this::report).completion(),
                requests.serve(Addresses.Tasks.PURGE_COMPLETED, this::purgeCompleted).completion()))
        .mapEmpty();
  }

  private Future<JsonObject> list(Message<JsonObject> message) {
    return mongo
        .findWithOptions(
            COLLECTION, new JsonObject(), new FindOptions().setBatchSize(Lists.BATCH_SIZE))
        .map(
            documents -> {
              JsonObject tasks = new JsonObject();
              for (JsonObject document : documents) {
                String id = (String) document.remove("_id");
                document.remove(COMPLETED_AT);
                tasks.put(id, document);
              }
              return new JsonObject().put(TaskMessages.TASKS, tasks);
            });
  }

  private Future<JsonObject> get(Message<JsonObject> message) {
    String id = message.body().getString(TaskMessages.ID);
    return cache
        .get(id, () -> mongo.findOne(COLLECTION, byId(id), null).map(TaskStore::toTask))
        .compose(task -> found(task, id))
        .map(task -> TaskMessages.withTask(id, task));
  }

  private Future<JsonObject> create(Message<JsonObject> message) {
    String id = RandomIds.next();
    JsonObject task = message.body().getJsonObject(TaskMessages.TASK);
    JsonObject document = stamped(task.copy().put("_id", id), null);
    return creates.write(document).map(v -> acknowledge(message, "created", id, task));
  }

  private Future<Void> durableNow() {
    return durability.durable();
  }

  /** Fresh random ids cannot clash, so one failure is the database's, and fails them all. */
  private Future<WriteCoalescer.Written<Void>> insertAll(List<JsonObject> documents) {
    Future<?> written =
        documents.size() == 1
            ? mongo.insert(COLLECTION, documents.get(0))
            : mongo.bulkWrite(
                COLLECTION, documents.stream().map(BulkOperation::createInsert).toList());
    return written.map(
        v -> WriteCoalescer.Written.of(Collections.nCopies(documents.size(), (Void) null)));
  }

  private Future<JsonObject> replace(Message<JsonObject> message) {
    String id = message.body().getString(TaskMessages.ID);
    JsonObject task = message.body().getJsonObject(TaskMessages.TASK);
    return cache
        .write(
            id,
            () ->
                mongo
                    .findOne(COLLECTION, byId(id), null)
                    .compose(
                        current ->
                            current == null
                                ? Future.<JsonObject>succeededFuture(null)
                                : mongo.findOneAndReplace(
                                    COLLECTION,
                                    byId(id),
                                    stamped(task.copy().put("_id", id), current)))
                    .compose(previous -> durability.durable().map(previous)),
            previous -> previous == null ? null : task.copy())
        .compose(previous -> found(previous, id))
        .map(previous -> acknowledge(message, "replaced", id, task));
  }

  private Future<JsonObject> delete(Message<JsonObject> message) {
    String id = message.body().getString(TaskMessages.ID);
    return cache
        .write(
            id,
            () ->
                mongo
                    .findOneAndDelete(COLLECTION, byId(id))
                    .compose(previous -> durability.durable().map(previous)),
            previous -> null)
        .compose(previous -> found(previous, id))
        .map(previous -> acknowledge(message, "deleted", id, null));
  }

  /** Keeps the completion time of a task that stays completed; stamps one that becomes so. */
  private static JsonObject stamped(JsonObject document, JsonObject previous) {
    if (!document.getBoolean("completed", false)) {
      return document;
    }
    Long since = previous == null ? null : previous.getLong(COMPLETED_AT);
    return document.put(COMPLETED_AT, since != null ? since : System.currentTimeMillis());
  }

  /** Counts by priority (tasks without one count as "none") and by completion, in the database. */
  private Future<JsonObject> report(Message<JsonObject> message) {
    JsonObject group =
        new JsonObject()
            .put(
                "$group",
                new JsonObject()
                    .put(
                        "_id",
                        new JsonObject()
                            .put("priority", "$priority")
                            .put("completed", "$completed"))
                    .put("count", new JsonObject().put("$sum", 1)));
    return mongo
        .aggregate(COLLECTION, new JsonArray().add(group))
        .collect(Collectors.toList())
        .map(TaskStore::reportOf);
  }

  private static JsonObject reportOf(List<JsonObject> rows) {
    JsonObject byPriority = new JsonObject();
    JsonObject byCompletion = new JsonObject().put("completed", 0L).put("open", 0L);
    long total = 0;
    for (JsonObject row : rows) {
      JsonObject key = row.getJsonObject("_id");
      long count = ((Number) row.getValue("count")).longValue();
      String priority = key.getString("priority") == null ? "none" : key.getString("priority");
      byPriority.put(priority, byPriority.getLong(priority, 0L) + count);
      String completion = Boolean.TRUE.equals(key.getValue("completed")) ? "completed" : "open";
      byCompletion.put(completion, byCompletion.getLong(completion) + count);
      total += count;
    }
    return new JsonObject()
        .put("total", total)
        .put("byPriority", byPriority)
        .put("byCompletion", byCompletion);
  }

  /** Deletes the tasks completed before {@code before}, and announces each deletion. */
  private Future<JsonObject> purgeCompleted(Message<JsonObject> message) {
    JsonObject old =
        new JsonObject()
            .put("completed", true)
            .put(COMPLETED_AT, new JsonObject().put("$lt", message.body().getLong("before")));
    return mongo
        .findWithOptions(
            COLLECTION, old, new FindOptions().setFields(new JsonObject().put("_id", 1)))
        .compose(
            found -> {
              List<String> ids = found.stream().map(d -> d.getString("_id")).toList();
              if (ids.isEmpty()) {
                return Future.succeededFuture(ids);
              }
              JsonObject byIds =
                  new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(ids)));
              List<Long> tickets = ids.stream().map(cache::beginWrite).toList();
              return mongo
                  .removeDocuments(COLLECTION, byIds.put("completed", true))
                  .compose(removed -> durability.durable())
                  .andThen(
                      done -> {
                        for (int i = 0; i < ids.size(); i++) {
                          cache.endWrite(ids.get(i), tickets.get(i), null);
                        }
                      })
                  .map(ids);
            })
        .map(
            ids -> {
              ids.forEach(
                  id ->
                      bus.publish(
                          Addresses.Events.TASK_CHANGED,
                          TaskMessages.changed("deleted", id, null)));
              return new JsonObject().put("deleted", ids.size());
            });
  }

  /** Logs and announces a committed change; returns the reply. */
  private JsonObject acknowledge(
      Message<JsonObject> message, String change, String id, JsonObject task) {
    LOG.debug(
        "req_id={} address={} id={} outcome={}",
        RequestIds.of(message),
        message.address(),
        id,
        change);
    DbMetrics.written("task", change);
    bus.publish(Addresses.Events.TASK_CHANGED, TaskMessages.changed(change, id, task));
    return TaskMessages.byId(id);
  }

  /** What is stored under {@code id}, or a refusal when there is nothing. */
  private static <T> Future<T> found(T stored, String id) {
    return stored != null
        ? Future.succeededFuture(stored)
        : BusError.NOT_FOUND.refuse("Task " + id + " not found");
  }

  /** A stored document as the API shows it, or null for none. */
  private static JsonObject toTask(JsonObject document) {
    if (document != null) {
      document.remove("_id");
      document.remove(COMPLETED_AT);
    }
    return document;
  }

  private static JsonObject byId(String id) {
    return new JsonObject().put("_id", id);
  }
}
