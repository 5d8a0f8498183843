package dev.eventstack.db;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BusError;
import dev.eventstack.contract.TaskMessages;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import java.util.List;
import java.util.UUID;
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

  private final EventBus bus;
  private final MongoClient mongo;
  private final Durability durability;

  TaskStore(EventBus bus, MongoClient mongo, Durability durability) {
    this.bus = bus;
    this.mongo = mongo;
    this.durability = durability;
  }

  Future<Void> register() {
    return Future.all(
            List.of(
                bus.consumer(Addresses.Tasks.LIST, this::list).completion(),
                bus.consumer(Addresses.Tasks.GET, this::get).completion(),
                bus.consumer(Addresses.Tasks.CREATE, this::create).completion(),
                bus.consumer(Addresses.Tasks.REPLACE, this::replace).completion(),
                bus.consumer(Addresses.Tasks.DELETE, this::delete).completion()))
        .mapEmpty();
  }

  private void list(Message<JsonObject> message) {
    mongo
        .find(COLLECTION, new JsonObject())
        .onSuccess(
            documents -> {
              JsonObject tasks = new JsonObject();
              for (JsonObject document : documents) {
                String id = (String) document.remove("_id");
                tasks.put(id, document);
              }
              message.reply(new JsonObject().put(TaskMessages.TASKS, tasks));
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void get(Message<JsonObject> message) {
    String id = message.body().getString(TaskMessages.ID);
    mongo
        .findOne(COLLECTION, byId(id), null)
        .onSuccess(
            document -> {
              if (document == null) {
                refuseUnknown(message, id);
              } else {
                document.remove("_id");
                message.reply(TaskMessages.withTask(id, document));
              }
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void create(Message<JsonObject> message) {
    String id = newTaskId();
    JsonObject task = message.body().getJsonObject(TaskMessages.TASK);
    JsonObject document = task.copy().put("_id", id);
    mongo
        .insert(COLLECTION, document)
        .compose(ignored -> durability.durable())
        .onSuccess(v -> acknowledge(message, "created", id, task))
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void replace(Message<JsonObject> message) {
    String id = message.body().getString(TaskMessages.ID);
    JsonObject task = message.body().getJsonObject(TaskMessages.TASK);
    mongo
        .findOneAndReplace(COLLECTION, byId(id), task.copy().put("_id", id))
        .compose(previous -> durability.durable().map(previous))
        .onSuccess(
            previous -> {
              if (previous == null) {
                refuseUnknown(message, id);
              } else {
                acknowledge(message, "replaced", id, task);
              }
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void delete(Message<JsonObject> message) {
    String id = message.body().getString(TaskMessages.ID);
    mongo
        .findOneAndDelete(COLLECTION, byId(id))
        .compose(previous -> durability.durable().map(previous))
        .onSuccess(
            previous -> {
              if (previous == null) {
                refuseUnknown(message, id);
              } else {
                acknowledge(message, "deleted", id, null);
              }
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void acknowledge(Message<JsonObject> message, String change, String id, JsonObject task) {
    LOG.debug("req_id={} address={} id={} outcome={}", RequestIds.of(message), message.address(),
        id, change);
    message.reply(TaskMessages.byId(id));
    bus.publish(Addresses.Events.TASK_CHANGED, TaskMessages.changed(change, id, task));
  }

  private static void refuseUnknown(Message<JsonObject> message, String id) {
    LOG.debug("req_id={} address={} id={} outcome=not_found", RequestIds.of(message),
        message.address(), id);
    BusError.NOT_FOUND.fail(message, "Task " + id + " not found");
  }

  private static JsonObject byId(String id) {
    return new JsonObject().put("_id", id);
  }

  static String newTaskId() {
    return UUID.randomUUID().toString().replace("-", "");
  }
}
