package dev.eventstack.db;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BeerMessages;
import dev.eventstack.contract.BeerType;
import dev.eventstack.contract.BusError;
import io.vertx.core.Future;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the beer taps: the {@link Addresses.Beers} requests, over the {@code beers} collection.
 * A beer's id is its {@code _id}, drawn from a sequence document with {@code $inc}, so ids are
 * unique across every node that shares the database. After each committed write it publishes the
 * beer events, and after every tenth beer the statistics.
 */
final class BeerStore {

  private static final Logger LOG = LoggerFactory.getLogger(BeerStore.class);
  static final String COLLECTION = "beers";
  static final String COUNTERS = "counters";
  private static final String SEQUENCE_ID = "beers";
  /** Stored, never shown: the timestamp in milliseconds, which the database can compare. */
  private static final String ADDED_MS = "_addedMs";

  private final EventBus bus;
  private final MongoClient mongo;
  private final Durability durability;

  BeerStore(EventBus bus, MongoClient mongo, Durability durability) {
    this.bus = bus;
    this.mongo = mongo;
    this.durability = durability;
  }

  Future<Void> register() {
    return mongo
        .createIndexWithOptions(COLLECTION, new JsonObject().put("type", 1).put("_id", 1),
            new IndexOptions().name("type_id"))
        .compose(
            v ->
                Future.all(
                    List.of(
                        bus.consumer(Addresses.Beers.ADD, Guarded.handler(this::add)).completion(),
                        bus.consumer(Addresses.Beers.LIST, this::list).completion(),
                        bus.consumer(Addresses.Beers.GET, this::get).completion(),
                        bus.consumer(Addresses.Beers.DELETE, this::delete).completion(),
                        bus.consumer(Addresses.Beers.PURGE, this::purge).completion(),
                        bus.consumer(Addresses.Beers.STATS, this::stats).completion())))
        .mapEmpty();
  }

  private void add(Message<JsonObject> message) {
    // The bridge lets this address in from outside: check what HTTP would have checked.
    Object tap = message.body().getValue(BeerMessages.TAP_ID);
    Object volumeValue = message.body().getValue(BeerMessages.VOLUME);
    if (!(tap instanceof Integer || tap instanceof Long) || ((Number) tap).longValue() < 0
        || !(volumeValue instanceof Number)) {
      BusError.INVALID.fail(message, "beers.add takes {\"tapId\": integer >= 0, \"volume\": number}");
      return;
    }
    long tapId = ((Number) tap).longValue();
    double volume = ((Number) volumeValue).doubleValue();
    BeerType type = BeerType.ofVolume(volume);
    if (type == null) {
      BusError.INVALID.fail(message, "Volume " + volume + " is outside 100-1000 ml");
      return;
    }
    Instant now = Instant.now();
    nextId()
        .compose(
            id -> {
              JsonObject document =
                  new JsonObject()
                      .put("_id", id)
                      .put(BeerMessages.TAP_ID, tapId)
                      .put(BeerMessages.VOLUME, volume)
                      .put(BeerMessages.TYPE, type.label())
                      .put(BeerMessages.TIMESTAMP, now.toString())
                      .put(ADDED_MS, now.toEpochMilli());
              return mongo.insert(COLLECTION, document).map(ignored -> document);
            })
        .compose(document -> durability.durable().map(document))
        .onSuccess(document -> added(message, toBeer(document)))
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  /** The next id from 0 up: the sequence document counts the ids handed out. */
  private Future<Long> nextId() {
    return mongo
        .findOneAndUpdateWithOptions(
            COUNTERS,
            new JsonObject().put("_id", SEQUENCE_ID),
            new JsonObject().put("$inc", new JsonObject().put("seq", 1L)),
            new FindOptions(),
            new UpdateOptions().setUpsert(true).setReturningNewDocument(true))
        .map(counter -> counter.getLong("seq") - 1);
  }

  /**
   * Acknowledges an added beer and announces it. After every tenth beer the statistics are
   * computed first, so they count exactly the beers up to this one and go out right after it.
   */
  private void added(Message<JsonObject> message, JsonObject beer) {
    long id = beer.getLong(BeerMessages.ID);
    boolean statsDue = (id + 1) % BeerMessages.STATS_EVERY_N_BEERS == 0;
    Future<JsonObject> stats = statsDue ? computeStats() : Future.succeededFuture();
    stats.onComplete(
        computed -> {
          LOG.debug("req_id={} address={} id={} outcome=added", RequestIds.of(message),
              message.address(), id);
          message.reply(new JsonObject().put(BeerMessages.BEER, beer));
          DbMetrics.written("beer", "created");
          bus.publish(Addresses.Events.BEER_ADDED, new JsonObject().put(BeerMessages.BEER, beer));
          if (computed.succeeded() && computed.result() != null) {
            bus.publish(Addresses.Events.BEER_STATS, computed.result());
          } else if (computed.failed()) {
            LOG.warn("stats after beer {} not computed: {}", id, computed.cause().getMessage());
          }
        });
  }

  private void list(Message<JsonObject> message) {
    JsonObject body = message.body();
    int page = body.getInteger(BeerMessages.PAGE);
    int pageSize = body.getInteger(BeerMessages.PAGE_SIZE);
    String type = body.getString(BeerMessages.TYPE);
    JsonObject query = type == null ? new JsonObject() : new JsonObject().put("type", type);
    FindOptions options =
        new FindOptions()
            .setSort(new JsonObject().put("_id", 1))
            .setSkip((page - 1) * pageSize)
            .setLimit(pageSize);
    Future.all(mongo.count(COLLECTION, query), mongo.findWithOptions(COLLECTION, query, options))
        .onSuccess(
            all -> {
              JsonArray beers = new JsonArray();
              List<JsonObject> documents = all.resultAt(1);
              documents.forEach(document -> beers.add(toBeer(document)));
              message.reply(
                  new JsonObject()
                      .put(BeerMessages.BEERS, beers)
                      .put(BeerMessages.PAGE, page)
                      .put(BeerMessages.PAGE_SIZE, pageSize)
                      .put(BeerMessages.TOTAL, all.<Long>resultAt(0)));
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void get(Message<JsonObject> message) {
    long id = message.body().getLong(BeerMessages.ID);
    mongo
        .findOne(COLLECTION, new JsonObject().put("_id", id), null)
        .onSuccess(
            document -> {
              if (document == null) {
                refuseUnknown(message, id);
              } else {
                message.reply(new JsonObject().put(BeerMessages.BEER, toBeer(document)));
              }
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void delete(Message<JsonObject> message) {
    long id = message.body().getLong(BeerMessages.ID);
    mongo
        .findOneAndDelete(COLLECTION, new JsonObject().put("_id", id))
        .compose(previous -> durability.durable().map(previous))
        .onSuccess(
            previous -> {
              if (previous == null) {
                refuseUnknown(message, id);
                return;
              }
              LOG.debug("req_id={} address={} id={} outcome=deleted", RequestIds.of(message),
                  message.address(), id);
              message.reply(BeerMessages.byId(id));
              DbMetrics.written("beer", "deleted");
              bus.publish(Addresses.Events.BEER_DELETED, BeerMessages.byId(id));
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  /** Deletes the beers added before {@code before} (epoch ms), and announces each deletion. */
  private void purge(Message<JsonObject> message) {
    JsonObject old = new JsonObject().put(ADDED_MS,
        new JsonObject().put("$lt", message.body().getLong("before")));
    mongo.findWithOptions(COLLECTION, old, new FindOptions().setFields(new JsonObject()
            .put("_id", 1)))
        .compose(found -> {
          List<Long> ids = found.stream().map(d -> ((Number) d.getValue("_id")).longValue())
              .toList();
          if (ids.isEmpty()) {
            return Future.succeededFuture(ids);
          }
          return mongo.removeDocuments(COLLECTION, new JsonObject().put("_id",
                  new JsonObject().put("$in", new JsonArray(ids))))
              .compose(removed -> durability.durable())
              .map(ids);
        })
        .onSuccess(ids -> {
          ids.forEach(id -> bus.publish(Addresses.Events.BEER_DELETED, BeerMessages.byId(id)));
          message.reply(new JsonObject().put("deleted", ids.size()));
        })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void stats(Message<JsonObject> message) {
    computeStats()
        .onSuccess(message::reply)
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  /**
   * Each tap's share in percent, the total, and the counts by type, from one aggregation grouped
   * by tap and type: the database counts, so the cost does not grow with the beers in memory.
   */
  Future<JsonObject> computeStats() {
    JsonArray pipeline =
        new JsonArray()
            .add(
                new JsonObject()
                    .put(
                        "$group",
                        new JsonObject()
                            .put("_id", new JsonObject().put("tap", "$tapId").put("type", "$type"))
                            .put("count", new JsonObject().put("$sum", 1))));
    return mongo
        .aggregate(COLLECTION, pipeline)
        .collect(Collectors.toList())
        .map(BeerStore::statsOf);
  }

  /** Folds the rows {@code {"_id": {"tap", "type"}, "count"}} into the stats object. */
  private static JsonObject statsOf(List<JsonObject> rows) {
    Map<Long, Long> byTap = new TreeMap<>();
    Map<String, Long> byType = new TreeMap<>();
    for (BeerType type : BeerType.values()) {
      byType.put(type.label(), 0L);
    }
    for (JsonObject row : rows) {
      JsonObject group = row.getJsonObject("_id");
      long count = ((Number) row.getValue("count")).longValue();
      byTap.merge(((Number) group.getValue("tap")).longValue(), count, Long::sum);
      byType.merge(group.getString("type"), count, Long::sum);
    }
    long total = byTap.values().stream().mapToLong(Long::longValue).sum();
    JsonObject taps = new JsonObject();
    byTap.forEach(
        (tap, count) ->
            taps.put(String.valueOf(tap), Math.round(count * 10000.0 / total) / 100.0));
    JsonObject types = new JsonObject();
    byType.forEach(types::put);
    return new JsonObject()
        .put(BeerMessages.TOTAL, total)
        .put(BeerMessages.TAPS, taps)
        .put(BeerMessages.TYPES, types);
  }

  private static JsonObject toBeer(JsonObject document) {
    JsonObject beer = document.copy();
    beer.remove(ADDED_MS);
    beer.put(BeerMessages.ID, ((Number) beer.remove("_id")).longValue());
    return beer;
  }

  private static void refuseUnknown(Message<JsonObject> message, long id) {
    BusError.NOT_FOUND.fail(message, "Beer with id " + id + " not found");
  }
}
