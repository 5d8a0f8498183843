package dev.eventstack.db;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BusError;
import dev.eventstack.contract.ResourceMessages;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.List;

/** Seed 000's example resources in the {@code resources} collection; the id is the {@code _id}. */
final class ResourceStore {

  static final String COLLECTION = "resources";

  private final EventBus bus;
  private final MongoClient mongo;
  private final Durability durability;

  ResourceStore(EventBus bus, MongoClient mongo, Durability durability) {
    this.bus = bus;
    this.mongo = mongo;
    this.durability = durability;
  }

  Future<Void> register() {
    return Future.all(
            List.of(
                bus.consumer(Addresses.Resources.LIST, this::list).completion(),
                bus.consumer(Addresses.Resources.GET, this::get).completion(),
                bus.consumer(Addresses.Resources.CREATE, this::create).completion(),
                bus.consumer(Addresses.Resources.PATCH, this::patch).completion(),
                bus.consumer(Addresses.Resources.DELETE, this::delete).completion()))
        .mapEmpty();
  }

  private void list(Message<JsonObject> message) {
    mongo
        .findWithOptions(
            COLLECTION, new JsonObject(), new FindOptions().setSort(new JsonObject().put("_id", 1)))
        .onSuccess(
            documents -> {
              JsonArray resources = new JsonArray();
              documents.forEach(document -> resources.add(toResource(document)));
              message.reply(new JsonObject().put(ResourceMessages.RESOURCES, resources));
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void get(Message<JsonObject> message) {
    String id = message.body().getString(ResourceMessages.ID);
    mongo
        .findOne(COLLECTION, byId(id), null)
        .onSuccess(document -> reply(message, id, document))
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void create(Message<JsonObject> message) {
    JsonObject document =
        message
            .body()
            .getJsonObject(ResourceMessages.RESOURCE)
            .copy()
            .put("_id", TaskStore.newTaskId());
    mongo
        .insert(COLLECTION, document)
        .compose(v -> durability.durable())
        .onSuccess(
            v ->
                message.reply(
                    new JsonObject().put(ResourceMessages.RESOURCE, toResource(document))))
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  /** Changes only the fields given, in one atomic update. */
  private void patch(Message<JsonObject> message) {
    String id = message.body().getString(ResourceMessages.ID);
    JsonObject changes = message.body().getJsonObject(ResourceMessages.RESOURCE);
    mongo
        .findOneAndUpdateWithOptions(
            COLLECTION,
            byId(id),
            new JsonObject().put("$set", changes),
            new FindOptions(),
            new UpdateOptions().setReturningNewDocument(true))
        .compose(document -> durability.durable().map(document))
        .onSuccess(document -> reply(message, id, document))
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void delete(Message<JsonObject> message) {
    String id = message.body().getString(ResourceMessages.ID);
    mongo
        .findOneAndDelete(COLLECTION, byId(id))
        .compose(previous -> durability.durable().map(previous))
        .onSuccess(
            previous -> {
              if (previous == null) {
                unknown(message, id);
              } else {
                message.reply(ResourceMessages.byId(id));
              }
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private static void reply(Message<JsonObject> message, String id, JsonObject document) {
    if (document == null) {
      unknown(message, id);
    } else {
      message.reply(new JsonObject().put(ResourceMessages.RESOURCE, toResource(document)));
    }
  }

  private static JsonObject toResource(JsonObject document) {
    return new JsonObject()
        .put(ResourceMessages.ID, document.getString("_id"))
        .put(ResourceMessages.NAME, document.getString(ResourceMessages.NAME))
        .put(ResourceMessages.VALUE, document.getValue(ResourceMessages.VALUE));
  }

  private static JsonObject byId(String id) {
    return new JsonObject().put("_id", id);
  }

  private static void unknown(Message<JsonObject> message, String id) {
    BusError.NOT_FOUND.fail(message, "Resource " + id + " not found");
  }
}
