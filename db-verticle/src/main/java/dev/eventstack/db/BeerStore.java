package dev.eventstack.db;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BeerMessages;
import dev.eventstack.contract.BeerType;
import dev.eventstack.contract.BusError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
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
import java.util.function.Consumer;
import java.util.function.Supplier;
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
 * whatever the number of beers.
 *
 * <p>The counts are not written in the same command as the beers: the {@code $inc} is applied
 * before the insert, and a delete's uncount after the delete. A process killed in between (or a
 * write that fails after its {@code $inc}) leaves a count too high. So the counts are only trusted
 * at start after a clean stop ({@link CleanShutdown}), which this store allows only when none of
 * its count-changing writes was in flight or failed; otherwise they are counted again before any
 * beer is served, see {@link #recountAtStart}.
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
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();

  /** Requests that may change the counts, from their arrival to their answer. */
  private int countChangesInFlight;

  /** Set when such a request failed: its {@code $inc} may be applied without its beers. */
  private boolean countsInDoubt;

  /** Completed once no count change is in flight, when {@link #quiesce} waits for that. */
  private Promise<Void> quiet;

  /** Single adds that arrive together share one id range, one bulk insert and one commit. */
  private final WriteCoalescer<Pour, JsonObject> adds =
      new WriteCoalescer<>(BeerMessages.MAX_BATCH, this::writeAdds, this::durableNow);

  BeerStore(EventBus bus, MongoClient mongo, Durability durability, ReadCache<Long> cache) {
    this.bus = bus;
    this.mongo = mongo;
    this.durability = durability;
    this.cache = cache;
  }

  /**
   * @param countsTrusted whether the counts were left by a clean stop; if not, they are counted
   *     again from the beers before the first request is taken
   */
  Future<Void> register(boolean countsTrusted) {
    return mongo
        .createIndexWithOptions(
            COLLECTION,
            new JsonObject().put("type", 1).put("_id", 1),
            new IndexOptions().name("type_id"))
        .compose(
            v ->
                mongo.createIndexWithOptions(
                    COLLECTION, new JsonObject().put(ADDED_MS, 1), new IndexOptions()))
        .compose(v -> checkCounts(countsTrusted))
        .compose(
            v -> {
              consumers.addAll(
                  List.of(
                      bus.consumer(Addresses.Beers.ADD, Guarded.handler(this::add)),
                      bus.consumer(Addresses.Beers.ADD_BATCH, this::addBatch),
                      bus.consumer(Addresses.Beers.LIST, this::list),
                      bus.consumer(Addresses.Beers.GET, this::get),
                      bus.consumer(Addresses.Beers.DELETE, this::delete),
                      bus.consumer(Addresses.Beers.PURGE, this::purge),
                      bus.consumer(Addresses.Beers.STATS, this::stats)));
              return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
            })
        .mapEmpty();
  }

  /**
   * Stops taking requests and waits for the count changes in flight. Completes with whether the
   * counts now agree with the beers, as far as this store can tell: nothing was in flight when it
   * stopped, and nothing failed half-way.
   */
  Future<Boolean> quiesce() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
        .transform(
            unregistered -> {
              if (countChangesInFlight == 0) {
                return Future.succeededFuture();
              }
              quiet = Promise.promise();
              return quiet.future();
            })
        .map(v -> !countsInDoubt);
  }

  /** Runs a request that may change the counts, and keeps track of it for {@link #quiesce}. */
  private <T> Future<T> changingCounts(Supplier<Future<T>> change) {
    countChangesInFlight++;
    Future<T> changed;
    try {
      changed = change.get();
    } catch (RuntimeException e) {
      changed = Future.failedFuture(e);
    }
    return changed.andThen(
        outcome -> {
          countsInDoubt |= outcome.failed();
          if (--countChangesInFlight == 0 && quiet != null) {
            quiet.tryComplete();
          }
        });
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
    changingCounts(() -> adds.write(pour))
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

  private Future<Void> durableNow() {
    return durability.durable();
  }

  /** Single adds as one bulk write, announced once durable (the coalescer waits for that). */
  private Future<WriteCoalescer.Written<JsonObject>> writeAdds(List<Pour> pours) {
    return write(pours)
        .map(
            inserted ->
                new WriteCoalescer.Written<>(
                    inserted.beers(),
                    committed -> {
                      inserted.settle().accept(committed);
                      if (committed) {
                        announce(inserted);
                      }
                    }));
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
    changingCounts(() -> insert(pours))
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

  /**
   * Beers just written, the statistics right after the last of them, and what to tell the read
   * cache once their commit succeeded (true) or failed (false).
   */
  private record Inserted(List<JsonObject> beers, JsonObject stats, Consumer<Boolean> settle) {}

  /** Draws the ids (counting the beers), inserts the beers and commits them. */
  private Future<Inserted> insert(List<Pour> pours) {
    return write(pours)
        .compose(
            inserted ->
                durability
                    .durable()
                    .andThen(committed -> inserted.settle().accept(committed.succeeded()))
                    .map(inserted));
  }

  /** Draws the ids (counting the beers) and inserts the beers, without waiting for a commit. */
  private Future<Inserted> write(List<Pour> pours) {
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
              Consumer<Boolean> settle =
                  committed -> {
                    for (int i = 0; i < tickets.length; i++) {
                      cache.endWrite(
                          firstId + i, tickets[i], committed ? beers.get(i).copy() : null);
                    }
                  };
              return written
                  .map(v -> new Inserted(beers, statsOf(counter), settle))
                  .onFailure(failure -> settle.accept(false));
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
   * Before any beer is served: counts that a clean stop left are trusted as they are. Otherwise, or
   * when the sequence document has no counts yet (a new database, or one from before the counts),
   * they are counted again from the beers.
   */
  private Future<Void> checkCounts(boolean countsTrusted) {
    return mongo
        .findOne(COUNTERS, new JsonObject().put("_id", SEQUENCE_ID), null)
        .compose(
            counter -> {
              boolean kept = counter != null && counter.containsKey(TYPE_COUNTS);
              if (kept && countsTrusted) {
                return Future.succeededFuture();
              }
              return recountAtStart(kept ? counter : null);
            });
  }

  /**
   * Counts the beers again at start, reading as few of them as the store allows.
   *
   * <p>The types are a known set ({@link BeerType}) and the {@code type_id} index leads with the
   * type, so each type's count is one {@code countDocuments} on it, which a store that counts from
   * its index answers without reading a beer; an aggregation would read every beer. The total is a
   * count of the collection.
   *
   * <p>The taps are not a known set, so counting them takes a {@code $group} over every beer. It is
   * skipped when the kept tap counts are none negative and add up to the total: a crash can only
   * leave a tap's count too high (an {@code $inc} applied before its insert was, a delete applied
   * before its uncount was; the store commits in order), so counts that add up to the true total
   * are each exact. (A purge that falls back to {@link #recount} while a beer is being added could
   * leave one too low; that is not a crash's doing, and is not detected here.)
   *
   * @param counter the sequence document, or null when it has no counts to keep
   */
  private Future<Void> recountAtStart(JsonObject counter) {
    List<Future<Long>> byType = new ArrayList<>();
    for (BeerType type : BeerType.values()) {
      byType.add(mongo.count(COLLECTION, new JsonObject().put("type", type.label())));
    }
    Future<Long> total = mongo.count(COLLECTION, new JsonObject());
    JsonObject keptTaps = counter == null ? null : counter.getJsonObject(TAP_COUNTS);
    return Future.all(byType)
        .compose(counted -> total)
        .compose(
            beers -> {
              JsonObject types = new JsonObject();
              for (int i = 0; i < byType.size(); i++) {
                types.put(BeerType.values()[i].label(), byType.get(i).result());
              }
              boolean tapsAddUp = keptTaps != null && addsUpTo(keptTaps, beers);
              Future<JsonObject> taps = tapsAddUp ? Future.succeededFuture(keptTaps) : countTaps();
              return taps.compose(
                  tapCounts -> {
                    LOG.info(
                        "beer statistics counted at start ({}): {} beers, types {} (kept: {}),"
                            + " taps {}",
                        counter == null
                            ? "none kept yet"
                            : "the last run left no clean-shutdown marker",
                        beers,
                        types.encode(),
                        counter == null ? "none" : counter.getJsonObject(TYPE_COUNTS).encode(),
                        tapsAddUp
                            ? "kept, they add up"
                            : "counted from " + tapCounts.size() + " tap(s)");
                    return mongo.updateCollectionWithOptions(
                        COUNTERS,
                        new JsonObject().put("_id", SEQUENCE_ID),
                        new JsonObject()
                            .put(
                                "$set",
                                new JsonObject()
                                    .put(TAP_COUNTS, tapCounts)
                                    .put(TYPE_COUNTS, types)),
                        new UpdateOptions().setUpsert(true));
                  });
            })
        .compose(updated -> durability.durable());
  }

  private static boolean addsUpTo(JsonObject tapCounts, long total) {
    long sum = 0;
    for (Map.Entry<String, Object> tap : tapCounts) {
      if (!(tap.getValue() instanceof Number count) || count.longValue() < 0) {
        return false;
      }
      sum += count.longValue();
    }
    return sum == total;
  }

  /** An aggregation counting the beers per {@code groupId}: {@code {_id, count}} rows. */
  private static JsonArray countsBy(Object groupId) {
    return new JsonArray()
        .add(
            new JsonObject()
                .put(
                    "$group",
                    new JsonObject()
                        .put("_id", groupId)
                        .put("count", new JsonObject().put("$sum", 1))));
  }

  /** The beers by tap, from one aggregation over every beer. */
  private Future<JsonObject> countTaps() {
    return mongo
        .aggregate(COLLECTION, countsBy("$tapId"))
        .collect(Collectors.toList())
        .map(
            rows -> {
              JsonObject taps = new JsonObject();
              for (JsonObject row : rows) {
                increment(
                    taps,
                    String.valueOf(((Number) row.getValue("_id")).longValue()),
                    ((Number) row.getValue("count")).longValue());
              }
              return taps;
            });
  }

  /** Sets the counts from the beers themselves. */
  private Future<Void> recount() {
    return mongo
        .aggregate(COLLECTION, countsBy(new JsonObject().put("tap", "$tapId").put("type", "$type")))
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
    // Either way the _id index (or type_id, after its type key) gives the order, read forward or
    // in reverse.
    boolean newestFirst = BeerMessages.SORT_DESC.equals(body.getString(BeerMessages.SORT));
    FindOptions options =
        new FindOptions()
            .setSort(new JsonObject().put("_id", newestFirst ? -1 : 1))
            .setSkip((page - 1) * pageSize)
            .setLimit(pageSize)
            .setBatchSize(pageSize); // the whole page in one reply, not 20 and two getMores
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
    changingCounts(
            () ->
                cache.write(
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
                    previous -> null))
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
    changingCounts(() -> purgeOlderThan(old))
        .onSuccess(
            ids -> {
              ids.forEach(id -> bus.publish(Addresses.Events.BEER_DELETED, BeerMessages.byId(id)));
              message.reply(new JsonObject().put("deleted", ids.size()));
            })
        .onFailure(failure -> MongoFailures.refuse(message, failure));
  }

  private Future<List<Long>> purgeOlderThan(JsonObject old) {
    return mongo
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
            });
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
