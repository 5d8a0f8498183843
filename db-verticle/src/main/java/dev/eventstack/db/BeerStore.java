package dev.eventstack.db;

import dev.eventstack.contract.Addresses;
import dev.eventstack.contract.BeerChecks;
import dev.eventstack.contract.BeerMessages;
import dev.eventstack.contract.BeerType;
import dev.eventstack.contract.BusError;
import dev.eventstack.contract.RequestConsumers;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the beer taps: the {@link Addresses.Beers} requests, over the {@code beers} collection. A
 * beer's id is its {@code _id}, drawn from a sequence document with {@code $inc}, so ids are unique
 * across every node that shares the database. After each committed write it publishes the beer
 * events, and after every tenth beer the statistics.
 *
 * <p>The id sequence and the statistics are {@link BeerCounts}. A beer is counted once its insert
 * succeeded and uncounted before its delete, so a write cut short leaves the counts too low, never
 * too high; a failed insert gives its ids back. The counts are only trusted at start after a clean
 * stop ({@link CleanShutdown}), which this store allows only when none of its count-changing writes
 * was in flight or failed; otherwise they are counted again before any beer is served.
 */
final class BeerStore {

  private static final Logger LOG = LoggerFactory.getLogger(BeerStore.class);
  static final String COLLECTION = "beers";

  /** Stored, never shown: the timestamp in milliseconds, which the database can compare. */
  private static final String ADDED_MS = "_addedMs";

  private final EventBus bus;
  private final RequestConsumers requests;
  private final MongoClient mongo;
  private final Durability durability;
  private final ReadCache<Long> cache;
  private final BeerCounts counts;
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

  BeerStore(
      EventBus bus,
      RequestConsumers requests,
      MongoClient mongo,
      Durability durability,
      ReadCache<Long> cache) {
    this.bus = bus;
    this.requests = requests;
    this.mongo = mongo;
    this.durability = durability;
    this.cache = cache;
    this.counts = new BeerCounts(mongo, durability, COLLECTION);
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
        .compose(v -> counts.checkAtStart(countsTrusted))
        .compose(
            v -> {
              consumers.addAll(
                  List.of(
                      requests.serve(Addresses.Beers.ADD, this::add),
                      requests.serve(Addresses.Beers.ADD_BATCH, this::addBatch),
                      requests.serve(Addresses.Beers.LIST, this::list),
                      requests.serve(Addresses.Beers.GET, this::get),
                      requests.serve(Addresses.Beers.DELETE, this::delete),
                      requests.serve(Addresses.Beers.PURGE, this::purge),
                      requests.serve(Addresses.Beers.STATS, this::stats)));
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

  /** A beer as a tap reports it, once the contract's rules ({@link BeerChecks}) passed. */
  private record Pour(long tapId, double volume, BeerType type) {

    static Pour of(JsonObject beer) {
      double volume = beer.getNumber(BeerMessages.VOLUME).doubleValue();
      return new Pour(beer.getLong(BeerMessages.TAP_ID), volume, BeerType.ofVolume(volume));
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

  /** The bridge lets beers in from outside: the same rules as HTTP, with the same messages. */
  private Future<JsonObject> add(Message<JsonObject> message) {
    BeerChecks.Problem problem = BeerChecks.beer(message.body(), "");
    if (problem != null) {
      return BusError.INVALID.refuse(problem.message());
    }
    Pour pour = Pour.of(message.body());
    return changingCounts(() -> adds.write(pour))
        .map(
            beer -> {
              LOG.debug(
                  "req_id={} address={} id={} outcome=added",
                  RequestIds.of(message),
                  message.address(),
                  beer.getLong(BeerMessages.ID));
              return new JsonObject().put(BeerMessages.BEER, beer);
            });
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
  private Future<JsonObject> addBatch(Message<JsonObject> message) {
    BeerChecks.Problem problem =
        message.body() == null ? BeerChecks.beer(null, "") : BeerChecks.batch(message.body());
    if (problem != null) {
      return BusError.INVALID.refuse(problem.message());
    }
    List<Pour> pours = new ArrayList<>();
    for (Object beer : message.body().getJsonArray(BeerMessages.BEERS)) {
      pours.add(Pour.of((JsonObject) beer));
    }
    return changingCounts(() -> insert(pours))
        .map(
            inserted -> {
              LOG.debug(
                  "req_id={} address={} beers={} outcome=added",
                  RequestIds.of(message),
                  message.address(),
                  pours.size());
              announce(inserted);
              return new JsonObject().put(BeerMessages.BEERS, new JsonArray(inserted.beers()));
            });
  }

  /**
   * Beers just written, their counts (null when they could not be counted), and what to tell the
   * read cache once their commit succeeded (true) or failed (false).
   */
  private record Inserted(
      List<JsonObject> beers, BeerCounts.Counted counted, Consumer<Boolean> settle) {}

  /** Draws the ids, inserts the beers, counts them and commits them. */
  private Future<Inserted> insert(List<Pour> pours) {
    return write(pours)
        .compose(
            inserted ->
                durability
                    .durable()
                    .andThen(committed -> inserted.settle().accept(committed.succeeded()))
                    .map(inserted));
  }

  /**
   * Draws the ids, inserts the beers, then counts them, without waiting for a commit. An insert
   * that fails gives its ids back and counts nothing.
   */
  private Future<Inserted> write(List<Pour> pours) {
    Instant now = Instant.now();
    return counts
        .drawIds(pours.size())
        .compose(
            firstId -> {
              List<JsonObject> documents = new ArrayList<>(pours.size());
              for (int i = 0; i < pours.size(); i++) {
                documents.add(pours.get(i).document(firstId + i, now));
              }
              // Ids are a sequence, so a client can guess one and race its insert.
              long[] tickets = new long[documents.size()];
              for (int i = 0; i < tickets.length; i++) {
                tickets[i] = cache.beginWrite(firstId + i);
              }
              List<JsonObject> beers = documents.stream().map(BeerStore::toBeer).toList();
              Consumer<Boolean> settle =
                  committed -> {
                    for (int i = 0; i < tickets.length; i++) {
                      cache.endWrite(
                          firstId + i, tickets[i], committed ? beers.get(i).copy() : null);
                    }
                  };
              Future<?> written =
                  documents.size() == 1
                      ? mongo.insert(COLLECTION, documents.get(0))
                      : mongo.bulkWrite(
                          COLLECTION, documents.stream().map(BulkOperation::createInsert).toList());
              return written
                  .recover(
                      failure -> {
                        settle.accept(false);
                        return counts
                            .giveBackIds(firstId, pours.size())
                            .transform(givenBack -> Future.failedFuture(failure));
                      })
                  .compose(v -> countInserted(beers))
                  .map(counted -> new Inserted(beers, counted, settle));
            });
  }

  /**
   * Counts beers that are in the store. Should that fail, they stay stored and the request
   * succeeds: the counts are then too low, and the next start counts again.
   */
  private Future<BeerCounts.Counted> countInserted(List<JsonObject> beers) {
    return counts
        .count(beers)
        .recover(
            failure -> {
              countsInDoubt = true;
              LOG.warn("beers stored but not counted: {}", failure.getMessage());
              return Future.succeededFuture(null);
            });
  }

  /**
   * Announces committed beers. The statistics go out after a beer whose id is the tenth, twentieth,
   * … of the sequence, as they stood right after it, even when it was written with others.
   */
  private void announce(Inserted inserted) {
    int statsAfter = 0;
    for (int i = 0; i < inserted.beers().size(); i++) {
      JsonObject beer = inserted.beers().get(i);
      DbMetrics.written("beer", "created");
      bus.publish(Addresses.Events.BEER_ADDED, new JsonObject().put(BeerMessages.BEER, beer));
      if ((beer.getLong(BeerMessages.ID) + 1) % BeerMessages.STATS_EVERY_N_BEERS == 0) {
        statsAfter = i + 1;
      }
    }
    if (statsAfter > 0 && inserted.counted() != null) {
      bus.publish(Addresses.Events.BEER_STATS, inserted.counted().statsAfter(statsAfter));
    }
  }

  private Future<JsonObject> list(Message<JsonObject> message) {
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
    return Future.all(
            mongo.count(COLLECTION, query), mongo.findWithOptions(COLLECTION, query, options))
        .map(
            all -> {
              JsonArray beers = new JsonArray();
              List<JsonObject> documents = all.resultAt(1);
              documents.forEach(document -> beers.add(toBeer(document)));
              return new JsonObject()
                  .put(BeerMessages.BEERS, beers)
                  .put(BeerMessages.PAGE, page)
                  .put(BeerMessages.PAGE_SIZE, pageSize)
                  .put(BeerMessages.TOTAL, all.<Long>resultAt(0));
            });
  }

  private Future<JsonObject> get(Message<JsonObject> message) {
    long id = message.body().getLong(BeerMessages.ID);
    return cache
        .get(
            id,
            () ->
                mongo
                    .findOne(COLLECTION, new JsonObject().put("_id", id), null)
                    .map(document -> document == null ? null : toBeer(document)))
        .compose(beer -> found(beer, id))
        .map(beer -> new JsonObject().put(BeerMessages.BEER, beer));
  }

  private Future<JsonObject> delete(Message<JsonObject> message) {
    long id = message.body().getLong(BeerMessages.ID);
    return changingCounts(() -> cache.write(id, () -> uncountAndDelete(id), previous -> null))
        .compose(previous -> found(previous, id))
        .map(
            previous -> {
              LOG.debug(
                  "req_id={} address={} id={} outcome=deleted",
                  RequestIds.of(message),
                  message.address(),
                  id);
              DbMetrics.written("beer", "deleted");
              bus.publish(Addresses.Events.BEER_DELETED, BeerMessages.byId(id));
              return BeerMessages.byId(id);
            });
  }

  /**
   * Uncounts the beer, then deletes it (see {@link BeerCounts} for why in that order). A delete
   * that another one beat counts it back. Completes with the deleted beer, or null.
   */
  private Future<JsonObject> uncountAndDelete(long id) {
    JsonObject byId = new JsonObject().put("_id", id);
    return mongo
        .findOne(COLLECTION, byId, null)
        .compose(
            found -> {
              if (found == null) {
                return Future.<JsonObject>succeededFuture(null);
              }
              return counts
                  .uncount(List.of(found))
                  .compose(v -> mongo.findOneAndDelete(COLLECTION, byId))
                  .compose(
                      deleted ->
                          deleted == null
                              ? counts.recountOne(found).map((JsonObject) null)
                              : durability.durable().map(deleted));
            });
  }

  /** Deletes the beers added before {@code before} (epoch ms), and announces each deletion. */
  private Future<JsonObject> purge(Message<JsonObject> message) {
    JsonObject old =
        new JsonObject()
            .put(ADDED_MS, new JsonObject().put("$lt", message.body().getLong("before")));
    return changingCounts(() -> purgeOlderThan(old))
        .map(
            ids -> {
              ids.forEach(id -> bus.publish(Addresses.Events.BEER_DELETED, BeerMessages.byId(id)));
              return new JsonObject().put("deleted", ids.size());
            });
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
              return counts
                  .uncount(found)
                  .compose(
                      v ->
                          mongo.removeDocuments(
                              COLLECTION,
                              new JsonObject()
                                  .put("_id", new JsonObject().put("$in", new JsonArray(ids)))))
                  // A beer deleted meanwhile was uncounted twice: count them all again instead.
                  .compose(
                      removed ->
                          removed != null && removed.getRemovedCount() == ids.size()
                              ? Future.<Void>succeededFuture()
                              : counts.recount())
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

  private Future<JsonObject> stats(Message<JsonObject> message) {
    return counts.stats();
  }

  private static JsonObject toBeer(JsonObject document) {
    JsonObject beer = document.copy();
    beer.remove(ADDED_MS);
    beer.put(BeerMessages.ID, ((Number) beer.remove("_id")).longValue());
    return beer;
  }

  /** What is stored under {@code id}, or a refusal when there is nothing. */
  private static <T> Future<T> found(T stored, long id) {
    return stored != null
        ? Future.succeededFuture(stored)
        : BusError.NOT_FOUND.refuse("Beer with id " + id + " not found");
  }
}
