package dev.eventstack.db;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BookMessages;
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
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the books of seed 001 over the {@code books} collection; a book's id is its {@code _id}.
 * On a first start with an empty collection it seeds the 35 sample books.
 */
final class BookStore {

  private static final Logger LOG = LoggerFactory.getLogger(BookStore.class);
  static final String COLLECTION = "books";
  static final String SAMPLE_DATA = "seed/books-sample.json";

  private final Vertx vertx;
  private final EventBus bus;
  private final MongoClient mongo;
  private final Durability durability;

  BookStore(Vertx vertx, MongoClient mongo, Durability durability) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.mongo = mongo;
    this.durability = durability;
  }

  Future<Void> register(boolean seedSampleData) {
    return mongo.createIndexWithOptions(COLLECTION, new JsonObject().put(BookMessages.AUTHOR, 1),
            new IndexOptions())
        .compose(v -> seedSampleData ? seedIfEmpty() : Future.succeededFuture())
        .compose(v -> bus.consumer(Addresses.Books.LIST, this::list).completion());
  }

  private Future<Void> seedIfEmpty() {
    return mongo.count(COLLECTION, new JsonObject()).compose(count -> {
      if (count > 0) {
        return Future.succeededFuture();
      }
      return vertx.fileSystem().readFile(SAMPLE_DATA)
          .compose(buffer -> {
            JsonArray books = buffer.toJsonArray();
            List<BulkOperation> inserts = books.stream()
                .map(book -> BulkOperation.createInsert(toDocument((JsonObject) book)))
                .toList();
            return mongo.bulkWrite(COLLECTION, inserts).map(books.size());
          })
          .compose(seeded -> durability.durable().map(seeded))
          .onSuccess(seeded -> LOG.info("seeded {} sample books", seeded))
          .mapEmpty();
    });
  }

  private void list(Message<JsonObject> message) {
    JsonObject body = message.body();
    FindOptions options = new FindOptions()
        .setSkip(body.getInteger(BookMessages.SKIP, 0))
        .setLimit(body.getInteger(BookMessages.LIMIT, 0));
    String sort = body.getString(BookMessages.SORT);
    if (sort != null) {
      int direction = body.getBoolean(BookMessages.DESC, false) ? -1 : 1;
      options.setSort(new JsonObject().put(storedField(sort), direction).put("_id", 1));
    }
    mongo.findWithOptions(COLLECTION, new JsonObject(), options)
        .onSuccess(documents -> {
          JsonArray books = new JsonArray();
          documents.forEach(document -> books.add(toBook(document)));
          message.reply(new JsonObject().put(BookMessages.BOOKS, books));
        })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private static String storedField(String field) {
    return BookMessages.ID.equals(field) ? "_id" : field;
  }

  static JsonObject toDocument(JsonObject book) {
    JsonObject document = book.copy();
    document.put("_id", document.remove(BookMessages.ID));
    return document;
  }

  static JsonObject toBook(JsonObject document) {
    JsonObject book = new JsonObject().put(BookMessages.ID, document.getValue("_id"));
    document.forEach(field -> {
      if (!field.getKey().equals("_id")) {
        book.put(field.getKey(), field.getValue());
      }
    });
    return book;
  }
}
