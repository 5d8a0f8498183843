package dev.eventstack.db;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BusError;
import dev.eventstack.contract.RequestConsumers;
import dev.eventstack.contract.ResourceMessages;
import io.vertx.core.Future;
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

  private final RequestConsumers requests;
  private final MongoClient mongo;
  private final Durability durability;

  ResourceStore(RequestConsumers requests, MongoClient mongo, Durability durability) {
    this.requests = requests;
    this.mongo = mongo;
    this.durability = durability;
  }

  Future<Void> register() {
    return Future.all(
            List.of(
                requests.serve(Addresses.Resources.LIST, this::list).completion(),
                requests.serve(Addresses.Resources.GET, this::get).completion(),
                requests.serve(Addresses.Resources.CREATE, this::create).completion(),
                requests.serve(Addresses.Resources.PATCH, this::patch).completion(),
                requests.serve(Addresses.Resources.DELETE, this::delete).completion()))
        .mapEmpty();
  }

  private Future<JsonObject> list(Message<JsonObject> message) {
    return mongo
        .findWithOptions(
            COLLECTION, new JsonObject(), new FindOptions().setSort(new JsonObject().put("_id", 1)))
        .map(
            documents -> {
              JsonArray resources = new JsonArray();
              documents.forEach(document -> resources.add(toResource(document)));
              return new JsonObject().put(ResourceMessages.RESOURCES, resources);
            });
  }

  private Future<JsonObject> get(Message<JsonObject> message) {
    String id = message.body().getString(ResourceMessages.ID);
    return mongo
        .findOne(COLLECTION, byId(id), null)
        .compose(document -> found(document, id))
        .map(ResourceStore::withResource);
  }

  private Future<JsonObject> create(Message<JsonObject> message) {
    JsonObject document =
        message.body().getJsonObject(ResourceMessages.RESOURCE).copy().put("_id", RandomIds.next());
    return mongo
        .insert(COLLECTION, document)
        .compose(v -> durability.durable())
        .map(v -> withResource(document));
  }

  /** Changes only the fields given, in one atomic update. */
  private Future<JsonObject> patch(Message<JsonObject> message) {
    String id = message.body().getString(ResourceMessages.ID);
    JsonObject changes = message.body().getJsonObject(ResourceMessages.RESOURCE);
    return mongo
        .findOneAndUpdateWithOptions(
            COLLECTION,
            byId(id),
            new JsonObject().put("$set", changes),
            new FindOptions(),
            new UpdateOptions().setReturningNewDocument(true))
        .compose(document -> durability.durable().map(document))
        .compose(document -> found(document, id))
        .map(ResourceStore::withResource);
  }

  private Future<JsonObject> delete(Message<JsonObject> message) {
    String id = message.body().getString(ResourceMessages.ID);
    return mongo
        .findOneAndDelete(COLLECTION, byId(id))
        .compose(previous -> durability.durable().map(previous))
        .compose(previous -> found(previous, id))
        .map(previous -> ResourceMessages.byId(id));
  }

  private static JsonObject withResource(JsonObject document) {
    return new JsonObject().put(ResourceMessages.RESOURCE, toResource(document));
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

  /** What is stored under {@code id}, or a refusal when there is nothing. */
  private static <T> Future<T> found(T stored, String id) {
    return stored != null
        ? Future.succeededFuture(stored)
        : BusError.NOT_FOUND.refuse("Resource " + id + " not found");
  }
}
