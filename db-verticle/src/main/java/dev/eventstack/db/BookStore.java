package dev.eventstack.db;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BookMessages;
import dev.eventstack.contract.BusError;
import dev.eventstack.contract.RequestConsumers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the books of seed 001: the {@link Addresses.Books} requests over the {@code books}
 * collection, where a book's id is its {@code _id} (unique by construction). On a first start with
 * an empty collection it seeds the 35 sample books. Every committed change publishes {@code
 * book.changed}.
 */
final class BookStore {

  private static final Logger LOG = LoggerFactory.getLogger(BookStore.class);
  static final String COLLECTION = "books";
  static final String SAMPLE_DATA = "seed/books-sample.json";

  private final Vertx vertx;
  private final EventBus bus;
  private final RequestConsumers requests;
  private final MongoClient mongo;
  private final Durability durability;
  private final ReadCache<String> cache;

  BookStore(
      Vertx vertx,
      RequestConsumers requests,
      MongoClient mongo,
      Durability durability,
      ReadCache<String> cache) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.requests = requests;
    this.mongo = mongo;
    this.durability = durability;
    this.cache = cache;
  }

  Future<Void> register(boolean seedSampleData) {
    return Future.all(sortIndexes())
        .compose(v -> seedSampleData ? seedIfEmpty() : Future.succeededFuture())
        .compose(
            v ->
                Future.all(
                    List.of(
                        requests.serve(Addresses.Books.LIST, this::list).completion(),
                        requests.serve(Addresses.Books.GET, this::get).completion(),
                        requests.serve(Addresses.Books.CREATE, this::create).completion(),
                        requests.serve(Addresses.Books.REPLACE, this::replace).completion(),
                        requests.serve(Addresses.Books.DELETE, this::delete).completion())))
        .mapEmpty();
  }

  private Future<Void> seedIfEmpty() {
    return mongo
        .count(COLLECTION, new JsonObject())
        .compose(
            count -> {
              if (count > 0) {
                return Future.succeededFuture();
              }
              return vertx
                  .fileSystem()
                  .readFile(SAMPLE_DATA)
                  .compose(
                      buffer -> {
                        JsonArray books = buffer.toJsonArray();
                        List<BulkOperation> inserts =
                            books.stream()
                                .map(
                                    book ->
                                        BulkOperation.createInsert(toDocument((JsonObject) book)))
                                .toList();
                        return mongo.bulkWrite(COLLECTION, inserts).map(books.size());
                      })
                  .compose(seeded -> durability.durable().map(seeded))
                  .onSuccess(seeded -> LOG.info("seeded {} sample books", seeded))
                  .mapEmpty();
            });
  }

  /** An index per field a list may sort on, so that no sorted page reads the whole collection. */
  private List<Future<Void>> sortIndexes() {
    return BookMessages.FIELDS.stream()
        .filter(field -> !BookMessages.ID.equals(field))
        .map(
            field ->
                mongo.createIndexWithOptions(
                    COLLECTION, new JsonObject().put(field, 1), new IndexOptions().name(field)))
        .toList();
  }

  private Future<JsonObject> list(Message<JsonObject> message) {
    JsonObject body = message.body();
    FindOptions options =
        new FindOptions()
            .setSkip(body.getInteger(BookMessages.SKIP, 0))
            .setLimit(body.getInteger(BookMessages.LIMIT, 0))
            .setBatchSize(Lists.BATCH_SIZE);
    String sort = body.getString(BookMessages.SORT);
    if (sort != null) {
      int direction = body.getBoolean(BookMessages.DESC, false) ? -1 : 1;
      // The id breaks ties, so that pages never overlap; it follows the direction, so that the
      // field's index, read forward or backward, gives the order.
      options.setSort(new JsonObject().put(storedField(sort), direction).put("_id", direction));
    } else {
      options.setSort(new JsonObject().put("_id", 1));
    }
    return mongo
        .findWithOptions(COLLECTION, new JsonObject(), options)
        .map(
            documents -> {
              JsonArray books = new JsonArray();
              documents.forEach(document -> books.add(toBook(document)));
              return new JsonObject().put(BookMessages.BOOKS, books);
            });
  }

  private Future<JsonObject> get(Message<JsonObject> message) {
    String id = message.body().getString(BookMessages.ID);
    return cache
        .get(
            id,
            () ->
                mongo
                    .findOne(COLLECTION, byId(id), null)
                    .map(document -> document == null ? null : toBook(document)))
        .compose(book -> found(book, id))
        .map(book -> new JsonObject().put(BookMessages.BOOK, book));
  }

  private Future<JsonObject> create(Message<JsonObject> message) {
    JsonObject book = withDefaults(message.body().getJsonObject(BookMessages.BOOK));
    if (book.getString(BookMessages.ID) == null) {
      book.put(BookMessages.ID, RandomIds.next());
    }
    String id = book.getString(BookMessages.ID);
    // The id may be the client's: a create can race other writes to it.
    return cache
        .write(
            id,
            () -> mongo.insert(COLLECTION, toDocument(book)).compose(v -> durability.durable()),
            v -> toBook(toDocument(book)))
        .recover(
            failure ->
                MongoFailures.classify(failure) == BusError.CONFLICT
                    ? BusError.CONFLICT.refuse("Book with id " + id + " already exists")
                    : Future.failedFuture(failure))
        .map(v -> acknowledge(message, "created", id, book));
  }

  /**
   * Sets the fields sent and keeps the others, as seed 001's {@code $set} did: its client edits a
   * book with only {@code title}, {@code author}, {@code score} and {@code read}. A null field is
   * removed ({@code "score": null}, "not scored").
   */
  private Future<JsonObject> replace(Message<JsonObject> message) {
    String id = message.body().getString(BookMessages.ID);
    JsonObject changes = setAndUnset(message.body().getJsonObject(BookMessages.BOOK));
    return cache
        .write(
            id,
            () ->
                mongo
                    .findOneAndUpdateWithOptions(
                        COLLECTION,
                        byId(id),
                        changes,
                        new FindOptions(),
                        new UpdateOptions().setReturningNewDocument(true))
                    .compose(updated -> durability.durable().map(updated)),
            updated -> updated == null ? null : toBook(updated))
        .compose(updated -> found(updated, id))
        .map(updated -> acknowledge(message, "updated", id, toBook(updated)));
  }

  /** {@code $set} for the given fields, {@code $unset} for the null ones; never the id. */
  private static JsonObject setAndUnset(JsonObject book) {
    JsonObject set = new JsonObject();
    JsonObject unset = new JsonObject();
    book.forEach(
        field -> {
          if (BookMessages.ID.equals(field.getKey())) {
            return;
          }
          if (field.getValue() == null) {
            unset.put(field.getKey(), "");
          } else {
            set.put(field.getKey(), field.getValue());
          }
        });
    JsonObject update = new JsonObject().put("$set", set);
    return unset.isEmpty() ? update : update.put("$unset", unset);
  }

  private Future<JsonObject> delete(Message<JsonObject> message) {
    String id = message.body().getString(BookMessages.ID);
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

  /** Logs and announces a committed change; returns the reply. */
  private JsonObject acknowledge(
      Message<JsonObject> message, String change, String id, JsonObject book) {
    LOG.debug(
        "req_id={} address={} id={} outcome={}",
        RequestIds.of(message),
        message.address(),
        id,
        change);
    DbMetrics.written("book", change);
    bus.publish(Addresses.Events.BOOK_CHANGED, BookMessages.changed(change, id, book));
    return BookMessages.byId(id);
  }

  /**
   * A new book: {@code read} is false unless given, as in the seed, and a null field is left out
   * ({@code "score": null}, "not scored").
   */
  private static JsonObject withDefaults(JsonObject book) {
    JsonObject copy = book.copy();
    copy.fieldNames().removeIf(field -> copy.getValue(field) == null);
    if (!copy.containsKey(BookMessages.READ)) {
      copy.put(BookMessages.READ, false);
    }
    return copy;
  }

  private static String storedField(String field) {
    return BookMessages.ID.equals(field) ? "_id" : field;
  }

  private static JsonObject byId(String id) {
    return new JsonObject().put("_id", id);
  }

  /** What is stored under {@code id}, or a refusal when there is nothing. */
  private static <T> Future<T> found(T stored, String id) {
    return stored != null
        ? Future.succeededFuture(stored)
        : BusError.NOT_FOUND.refuse("Book with id " + id + " not found");
  }

  static JsonObject toDocument(JsonObject book) {
    JsonObject document = book.copy();
    document.put("_id", document.remove(BookMessages.ID));
    return document;
  }

  /** The book with its fields in table order. */
  static JsonObject toBook(JsonObject document) {
    JsonObject book = new JsonObject();
    for (String field : BookMessages.FIELDS) {
      Object value = document.getValue(storedField(field));
      if (value != null) {
        book.put(field, value);
      }
    }
    return book;
  }
}
