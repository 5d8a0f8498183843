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
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the beer taps: the {@link Addresses.Beers} requests, over the {@code beers} collection. A
 * beer's id is its {@code _id}, drawn from a sequence document with {@code $inc}, so ids are unique
 * across every node that shares the database. After each committed write it publishes the beer
 * events, and after every tenth beer the statistics.
 *
 * <p>The statistics are counted as the beers come and go, in the same sequence document: the {@code
 * $inc} that draws an id also counts the beer by tap and by type. Reading them costs one document,
 * whatever the number of beers; an aggregation over every beer is only run once, to count the beers
 * of a database from before these counters.
 */
final class BeerStore {

  private static final Logger LOG = LoggerFactory.getLogger(BeerStore.class);
  static final String COLLECTION = "beers";
  static final String COUNTERS = "counters";
  private static final String SEQUENCE_ID = "beers";

  /** Stored, never shown: the timestamp in milliseconds, which the database can compare. */
  private static final String ADDED_MS = "_addedMs";

  /** Counts in the sequence document: beers by tap id and by type label. */
  private static final String TAP_COUNTS = "tapCounts";

  private static final String TYPE_COUNTS = "typeCounts";

  private final EventBus bus;
  private final MongoClient mongo;
  private final Durability durability;
  private final ReadCache<Long> cache;

  /** Single adds that arrive together share one id range, one bulk insert and one commit. */
  private final WriteCoalescer<Pour, JsonObject> adds =
      new WriteCoalescer<>(BeerMessages.MAX_BATCH, this::insertAndAnnounce);

  BeerStore(EventBus bus, MongoClient mongo, Durability durability, ReadCache<Long> cache) {
    this.bus = bus;
    this.mongo = mongo;
    this.durability = durability;
    this.cache = cache;
  }

  Future<Void> register() {
    return mongo
        .createIndexWithOptions(
            COLLECTION,
            new JsonObject().put("type", 1).put("_id", 1),
            new IndexOptions().name("type_id"))
        .compose(v -> countBeersFromBeforeTheCounters())
        .compose(
            v ->
                Future.all(
                    List.of(
                        bus.consumer(Addresses.Beers.ADD, Guarded.handler(this::add)).completion(),
                        bus.consumer(Addresses.Beers.ADD_BATCH, this::addBatch).completion(),
                        bus.consumer(Addresses.Beers.LIST, this::list).completion(),
                        bus.consumer(Addresses.Beers.GET, this::get).completion(),
                        bus.consumer(Addresses.Beers.DELETE, this::delete).completion(),
                        bus.consumer(Addresses.Beers.PURGE, this::purge).completion(),
                        bus.consumer(Addresses.Beers.STATS, this::stats).completion())))
        .mapEmpty();
  }

  /** A beer as a tap reports it: {@code {"tapId", "volume"}}, checked. */
  private record Pour(long tapId, double volume, BeerType type) {

    /** The bridge lets beers in from outside: check what HTTP would have checked. */
    static Pour of(JsonObject body) {
      Object tap = body == null ? null : body.getValue(BeerMessages.TAP_ID);
      Object volumeValue = body == null ? null : body.getValue(BeerMessages.VOLUME);
      if (!(tap instanceof Integer || tap instanceof Long)
          || ((Number) tap).longValue() < 0
          || !(volumeValue instanceof Number)) {
        throw new IllegalArgumentException(
            "a beer is {\"tapId\": integer >= 0, \"volume\": number}");
      }
      double volume = ((Number) volumeValue).doubleValue();
      BeerType type = BeerType.ofVolume(volume);
      if (type == null) {
        throw new IllegalArgumentException("Volume " + volume + " is outside 100-1000 ml");
      }
      return new Pour(((Number) tap).longValue(), volume, type);
    }

    JsonObject document(long id, Instant now) {
      return new JsonObject()
          .put("_id", id)
          .put(BeerMessages.TAP_ID, tapId)
          .put(BeerMessages.VOLUME, volume)
          .put(BeerMessages.TYPE, type.label())
          .put(BeerMessages.TIMESTAMP, now.toString())
          .put(ADDED_MS, now.toEpochMilli());
    }
  }

  private void add(Message<JsonObject> message) {
    Pour pour;
    try {
      pour = Pour.of(message.body());
    } catch (IllegalArgumentException e) {
      BusError.INVALID.fail(message, e.getMessage());
      return;
    }
    adds.write(pour)
        .onSuccess(
            beer -> {
              LOG.debug(
                  "req_id={} address={} id={} outcome=added",
                  RequestIds.of(message),
                  message.address(),
                  beer.getLong(BeerMessages.ID));
              message.reply(new JsonObject().put(BeerMessages.BEER, beer));
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  /** A batch of single adds: the events leave as soon as the batch is committed. */
  private Future<List<JsonObject>> insertAndAnnounce(List<Pour> pours) {
    return insert(pours)
        .map(
            inserted -> {
              announce(inserted);
              return inserted.beers();
            });
  }

  /**
   * {@code {"beers": [{"tapId", "volume"}, …]}}, up to {@link BeerMessages#MAX_BATCH}: one id
   * range, one bulk insert and one commit for all of them.
   */
  private void addBatch(Message<JsonObject> message) {
    JsonArray items =
        message.body() == null
            ? null
            : message.body().getValue(BeerMessages.BEERS) instanceof JsonArray array ? array : null;
    if (items == null || items.isEmpty() || items.size() > BeerMessages.MAX_BATCH) {
      BusError.INVALID.fail(
          message,
          "beers.add-batch takes {\"beers\": [1 to " + BeerMessages.MAX_BATCH + " beers]}");
      return;
    }
    List<Pour> pours = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      try {
        pours.add(Pour.of(items.getValue(i) instanceof JsonObject beer ? beer : null));
      } catch (IllegalArgumentException e) {
        BusError.INVALID.fail(message, "beers[" + i + "]: " + e.getMessage());
        return;
      }
    }
    insert(pours)
        .onSuccess(
            inserted -> {
              LOG.debug(
                  "req_id={} address={} beers={} outcome=added",
                  RequestIds.of(message),
                  message.address(),
                  pours.size());
              message.reply(
                  new JsonObject().put(BeerMessages.BEERS, new JsonArray(inserted.beers())));
              announce(inserted);
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  /** Beers just committed, and the statistics right after the last of them. */
  private record Inserted(List<JsonObject> beers, JsonObject stats) {}

  /** Draws the ids (counting the beers), inserts the beers and commits them. */
  private Future<Inserted> insert(List<Pour> pours) {
    JsonObject counts = new JsonObject().put("seq", (long) pours.size());
    for (Pour pour : pours) {
      increment(counts, TAP_COUNTS + "." + pour.tapId(), 1);
      increment(counts, TYPE_COUNTS + "." + pour.type().label(), 1);
    }
    Instant now = Instant.now();
    return count(counts)
        .compose(
            counter -> {
              long firstId = counter.getLong("seq") - pours.size();
              List<JsonObject> documents = new ArrayList<>(pours.size());
              for (int i = 0; i < pours.size(); i++) {
                documents.add(pours.get(i).document(firstId + i, now));
              }
              // Ids are a sequence, so a client can guess one and race its insert.
              long[] tickets = new long[documents.size()];
              for (int i = 0; i < tickets.length; i++) {
                tickets[i] = cache.beginWrite(firstId + i);
              }
              Future<?> written =
                  documents.size() == 1
                      ? mongo.insert(COLLECTION, documents.get(0))
                      : mongo.bulkWrite(
                          COLLECTION, documents.stream().map(BulkOperation::createInsert).toList());
              List<JsonObject> beers = documents.stream().map(BeerStore::toBeer).toList();
              return written
                  .compose(v -> durability.durable())
                  .andThen(
                      outcome -> {
                        for (int i = 0; i < tickets.length; i++) {
                          cache.endWrite(
                              firstId + i,
                              tickets[i],
                              outcome.succeeded() ? beers.get(i).copy() : null);
                        }
                      })
                  .map(v -> new Inserted(beers, statsOf(counter)));
            });
  }

  /**
   * Announces committed beers. The statistics go out right after a beer whose count is a multiple
   * of ten, so they count exactly the beers up to it.
   */
  private void announce(Inserted inserted) {
    boolean statsDue = false;
    for (JsonObject beer : inserted.beers()) {
      long id = beer.getLong(BeerMessages.ID);
      DbMetrics.written("beer", "created");
      bus.publish(Addresses.Events.BEER_ADDED, new JsonObject().put(BeerMessages.BEER, beer));
      statsDue |= (id + 1) % BeerMessages.STATS_EVERY_N_BEERS == 0;
    }
    if (statsDue) {
      bus.publish(Addresses.Events.BEER_STATS, inserted.stats());
    }
  }

  /** Applies {@code $inc} to the sequence document and returns it as it is after. */
  private Future<JsonObject> count(JsonObject increments) {
    return mongo.findOneAndUpdateWithOptions(
        COUNTERS,
        new JsonObject().put("_id", SEQUENCE_ID),
        new JsonObject().put("$inc", increments),
        new FindOptions(),
        new UpdateOptions().setUpsert(true).setReturningNewDocument(true));
  }

  private static void increment(JsonObject counts, String field, long by) {
    counts.put(field, counts.getLong(field, 0L) + by);
  }

  /**
   * A database whose sequence document has no counts yet (made before they existed, or empty) gets
   * them from one aggregation over the beers, before any beer is served.
   */
  private Future<Void> countBeersFromBeforeTheCounters() {
    return mongo
        .findOne(COUNTERS, new JsonObject().put("_id", SEQUENCE_ID), null)
        .compose(
            counter ->
                counter != null && counter.containsKey(TYPE_COUNTS)
                    ? Future.succeededFuture()
                    : recount());
  }

  /** Sets the counts from the beers themselves. */
  private Future<Void> recount() {
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
        .compose(
            rows -> {
              JsonObject taps = new JsonObject();
              JsonObject types = new JsonObject();
              for (JsonObject row : rows) {
                JsonObject group = row.getJsonObject("_id");
                long count = ((Number) row.getValue("count")).longValue();
                increment(
                    taps, String.valueOf(((Number) group.getValue("tap")).longValue()), count);
                increment(types, group.getString("type"), count);
              }
              LOG.info("beer statistics counted from {} group(s) of beers", rows.size());
              return mongo.updateCollectionWithOptions(
                  COUNTERS,
                  new JsonObject().put("_id", SEQUENCE_ID),
                  new JsonObject()
                      .put("$set", new JsonObject().put(TAP_COUNTS, taps).put(TYPE_COUNTS, types)),
                  new UpdateOptions().setUpsert(true));
            })
        .compose(updated -> durability.durable());
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
    cache
        .get(
            id,
            () ->
                mongo
                    .findOne(COLLECTION, new JsonObject().put("_id", id), null)
                    .map(document -> document == null ? null : toBeer(document)))
        .onSuccess(
            beer -> {
              if (beer == null) {
                refuseUnknown(message, id);
              } else {
                message.reply(new JsonObject().put(BeerMessages.BEER, beer));
              }
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private void delete(Message<JsonObject> message) {
    long id = message.body().getLong(BeerMessages.ID);
    cache
        .write(
            id,
            () ->
                mongo
                    .findOneAndDelete(COLLECTION, new JsonObject().put("_id", id))
                    .compose(
                        previous ->
                            previous == null
                                ? Future.<JsonObject>succeededFuture(null)
                                : uncount(List.of(previous)).map(previous))
                    .compose(previous -> durability.durable().map(previous)),
            previous -> null)
        .onSuccess(
            previous -> {
              if (previous == null) {
                refuseUnknown(message, id);
                return;
              }
              LOG.debug(
                  "req_id={} address={} id={} outcome=deleted",
                  RequestIds.of(message),
                  message.address(),
                  id);
              message.reply(BeerMessages.byId(id));
              DbMetrics.written("beer", "deleted");
              bus.publish(Addresses.Events.BEER_DELETED, BeerMessages.byId(id));
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  /** Deletes the beers added before {@code before} (epoch ms), and announces each deletion. */
  private void purge(Message<JsonObject> message) {
    JsonObject old =
        new JsonObject()
            .put(ADDED_MS, new JsonObject().put("$lt", message.body().getLong("before")));
    mongo
        .findWithOptions(
            COLLECTION,
            old,
            new FindOptions()
                .setFields(
                    new JsonObject()
                        .put("_id", 1)
                        .put(BeerMessages.TAP_ID, 1)
                        .put(BeerMessages.TYPE, 1)))
        .compose(
            found -> {
              List<Long> ids =
                  found.stream().map(d -> ((Number) d.getValue("_id")).longValue()).toList();
              if (ids.isEmpty()) {
                return Future.succeededFuture(ids);
              }
              List<Long> tickets = ids.stream().map(cache::beginWrite).toList();
              return mongo
                  .removeDocuments(
                      COLLECTION,
                      new JsonObject().put("_id", new JsonObject().put("$in", new JsonArray(ids))))
                  // A beer deleted meanwhile was uncounted by its delete: count again instead.
                  .compose(
                      removed ->
                          removed != null && removed.getRemovedCount() == ids.size()
                              ? uncount(found)
                              : recount())
                  .compose(v -> durability.durable())
                  .andThen(
                      done -> {
                        for (int i = 0; i < ids.size(); i++) {
                          cache.endWrite(ids.get(i), tickets.get(i), null);
                        }
                      })
                  .map(ids);
            })
        .onSuccess(
            ids -> {
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

  /** Takes deleted beers off the counts. */
  private Future<Void> uncount(List<JsonObject> documents) {
    JsonObject counts = new JsonObject();
    for (JsonObject document : documents) {
      increment(
          counts,
          TAP_COUNTS + "." + ((Number) document.getValue(BeerMessages.TAP_ID)).longValue(),
          -1);
      increment(counts, TYPE_COUNTS + "." + document.getString(BeerMessages.TYPE), -1);
    }
    return count(counts).mapEmpty();
  }

  /** Each tap's share in percent, the total, and the counts by type, from the counts. */
  Future<JsonObject> computeStats() {
    return mongo
        .findOne(COUNTERS, new JsonObject().put("_id", SEQUENCE_ID), null)
        .map(counter -> statsOf(counter == null ? new JsonObject() : counter));
  }

  /** The stats object from the sequence document's counts; taps with no beer left are left out. */
  private static JsonObject statsOf(JsonObject counter) {
    Map<Long, Long> byTap = new TreeMap<>();
    Map<String, Long> byType = new TreeMap<>();
    for (BeerType type : BeerType.values()) {
      byType.put(type.label(), 0L);
    }
    counter
        .getJsonObject(TAP_COUNTS, new JsonObject())
        .forEach(
            tap -> {
              long count = ((Number) tap.getValue()).longValue();
              if (count > 0) {
                byTap.put(Long.parseLong(tap.getKey()), count);
              }
            });
    counter
        .getJsonObject(TYPE_COUNTS, new JsonObject())
        .forEach(
            type -> byType.put(type.getKey(), Math.max(0, ((Number) type.getValue()).longValue())));
    long total = byTap.values().stream().mapToLong(Long::longValue).sum();
    JsonObject taps = new JsonObject();
    byTap.forEach(
        (tap, count) -> taps.put(String.valueOf(tap), Math.round(count * 10000.0 / total) / 100.0));
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
