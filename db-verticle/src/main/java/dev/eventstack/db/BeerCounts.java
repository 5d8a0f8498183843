package dev.eventstack.db;

import dev.eventstack.contract.BeerMessages;
import dev.eventstack.contract.BeerType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The beer id sequence and the beer statistics, kept together in one document of the {@code
 * counters} collection: {@code {"_id": "beers", "seq", "tapCounts": {tap: n}, "typeCounts": {type:
 * n}, "tapFirstIds": {tap: id}}}. Reading the statistics costs that one document, whatever the
 * number of beers.
 *
 * <p>{@code tapFirstIds} holds the id of each tap's first beer, so the statistics can list the taps
 * in the order they poured their first beer, as seed 003 did, across restarts and recounts: ids
 * only grow, so the smallest id ever seen for a tap ({@code $min}) is its first pour.
 *
 * <p>The counts are not written in the same command as the beers. Every change moves them in one
 * direction only when it is cut short: a beer is counted after its insert, and uncounted before its
 * delete. So a process killed in between, or a write that fails, can only leave a count too low,
 * never too high; {@link #checkAtStart} relies on that.
 */
final class BeerCounts {

  private static final Logger LOG = LoggerFactory.getLogger(BeerCounts.class);

  /** The collection of sequence documents, shared with {@link CleanShutdown}'s marker. */
  static final String COLLECTION = "counters";

  private static final String SEQUENCE_ID = "beers";
  private static final String SEQ = "seq";

  /** Counts in the sequence document: beers by tap id and by type label. */
  private static final String TAP_COUNTS = "tapCounts";

  private static final String TYPE_COUNTS = "typeCounts";

  /** The id of each tap's first beer. */
  private static final String TAP_FIRST_IDS = "tapFirstIds";

  private final MongoClient mongo;
  private final Durability durability;

  /** The beers collection, which {@link #checkAtStart} and {@link #recount} count. */
  private final String beers;

  BeerCounts(MongoClient mongo, Durability durability, String beers) {
    this.mongo = mongo;
    this.durability = durability;
    this.beers = beers;
  }

  /** Draws {@code n} consecutive ids; completes with the first. */
  Future<Long> drawIds(int n) {
    return update(new JsonObject().put("$inc", new JsonObject().put(SEQ, (long) n)))
        .map(counter -> counter.getLong(SEQ) - n);
  }

  /**
   * Gives back ids that a failed insert did not use: only when none of them holds a beer (on a
   * shared MongoDB a bulk insert can fail half-way, and a stored id must never be drawn again) and
   * none were drawn after them. Otherwise they stay unused; ids still never repeat.
   */
  Future<Void> giveBackIds(long firstId, int n) {
    JsonObject range =
        new JsonObject().put("_id", new JsonObject().put("$gte", firstId).put("$lt", firstId + n));
    return mongo
        .count(beers, range)
        .compose(
            stored ->
                stored > 0
                    ? Future.succeededFuture()
                    : mongo
                        .updateCollection(
                            COLLECTION,
                            new JsonObject().put("_id", SEQUENCE_ID).put(SEQ, firstId + n),
                            new JsonObject().put("$inc", new JsonObject().put(SEQ, (long) -n)))
                        .mapEmpty());
  }

  /**
   * The sequence document right after a write's beers were counted, and those beers: it tells the
   * statistics as they stood after any one of them.
   */
  record Counted(JsonObject counter, List<JsonObject> beers) {

    /** The statistics right after the first {@code n} beers: the ones after them are taken off. */
    JsonObject statsAfter(int n) {
      JsonObject before = counter.copy();
      for (JsonObject beer : beers.subList(n, beers.size())) {
        JsonObject taps = before.getJsonObject(TAP_COUNTS);
        JsonObject types = before.getJsonObject(TYPE_COUNTS);
        increment(taps, String.valueOf(beer.getLong(BeerMessages.TAP_ID)), -1);
        increment(types, beer.getString(BeerMessages.TYPE), -1);
      }
      return statsOf(before);
    }
  }

  /** Counts inserted beers, each {@code {"id", "tapId", "type"}}. */
  Future<Counted> count(List<JsonObject> inserted) {
    JsonObject increments = new JsonObject();
    JsonObject firstIds = new JsonObject();
    for (JsonObject beer : inserted) {
      String tap = String.valueOf(beer.getLong(BeerMessages.TAP_ID));
      increment(increments, TAP_COUNTS + "." + tap, 1);
      increment(increments, TYPE_COUNTS + "." + beer.getString(BeerMessages.TYPE), 1);
      firstIds.put(
          TAP_FIRST_IDS + "." + tap,
          Math.min(
              beer.getLong(BeerMessages.ID),
              firstIds.getLong(TAP_FIRST_IDS + "." + tap, Long.MAX_VALUE)));
    }
    return update(new JsonObject().put("$inc", increments).put("$min", firstIds))
        .map(counter -> new Counted(counter, inserted));
  }

  /** Takes beers off the counts, before they are deleted. Each is {@code {"tapId", "type"}}. */
  Future<Void> uncount(List<JsonObject> documents) {
    JsonObject decrements = new JsonObject();
    for (JsonObject document : documents) {
      increment(
          decrements,
          TAP_COUNTS + "." + ((Number) document.getValue(BeerMessages.TAP_ID)).longValue(),
          -1);
      increment(decrements, TYPE_COUNTS + "." + document.getString(BeerMessages.TYPE), -1);
    }
    return update(new JsonObject().put("$inc", decrements)).mapEmpty();
  }

  /** Puts back the count of a beer that was uncounted but not deleted (another delete won). */
  Future<Void> recountOne(JsonObject document) {
    JsonObject increments = new JsonObject();
    increment(
        increments,
        TAP_COUNTS + "." + ((Number) document.getValue(BeerMessages.TAP_ID)).longValue(),
        1);
    increment(increments, TYPE_COUNTS + "." + document.getString(BeerMessages.TYPE), 1);
    return update(new JsonObject().put("$inc", increments)).mapEmpty();
  }

  /** The statistics, from the counts. */
  Future<JsonObject> stats() {
    return mongo
        .findOne(COLLECTION, new JsonObject().put("_id", SEQUENCE_ID), null)
        .map(counter -> statsOf(counter == null ? new JsonObject() : counter));
  }

  /** Applies an update to the sequence document (made if missing) and returns it as it is after. */
  private Future<JsonObject> update(JsonObject update) {
    return mongo.findOneAndUpdateWithOptions(
        COLLECTION,
        new JsonObject().put("_id", SEQUENCE_ID),
        update,
        new FindOptions(),
        new UpdateOptions().setUpsert(true).setReturningNewDocument(true));
  }

  private static void increment(JsonObject counts, String field, long by) {
    counts.put(field, counts.getLong(field, 0L) + by);
  }

  /**
   * The stats object from the sequence document: the taps with beers left, in the order of their
   * first beers (a tap with no first id recorded comes last, by id), each with its {@link
   * BeerMessages#share}; the total; the counts by type.
   */
  static JsonObject statsOf(JsonObject counter) {
    JsonObject firstIds = counter.getJsonObject(TAP_FIRST_IDS, new JsonObject());
    Map<String, Long> byTap = new LinkedHashMap<>();
    counter
        .getJsonObject(TAP_COUNTS, new JsonObject())
        .forEach(
            tap -> {
              long count = ((Number) tap.getValue()).longValue();
              if (count > 0) {
                byTap.put(tap.getKey(), count);
              }
            });
    long total = byTap.values().stream().mapToLong(Long::longValue).sum();
    JsonObject taps = new JsonObject();
    byTap.keySet().stream()
        .sorted(
            Comparator.comparing((String tap) -> firstIds.getLong(tap, Long.MAX_VALUE))
                .thenComparingLong(Long::parseLong))
        .forEach(tap -> taps.put(tap, BeerMessages.share(byTap.get(tap), total)));
    JsonObject kept = counter.getJsonObject(TYPE_COUNTS, new JsonObject());
    JsonObject types = new JsonObject();
    for (BeerType type : BeerType.values()) {
      types.put(type.label(), Math.max(0, kept.getLong(type.label(), 0L)));
    }
    return new JsonObject()
        .put(BeerMessages.TOTAL, total)
        .put(BeerMessages.TAPS, taps)
        .put(BeerMessages.TYPES, types);
  }

  /**
   * Before any beer is served: counts that a clean stop left are trusted as they are. Otherwise, or
   * when the sequence document lacks any of them (a new database, or one from an older version),
   * they are counted again from the beers.
   */
  Future<Void> checkAtStart(boolean countsTrusted) {
    return mongo
        .findOne(COLLECTION, new JsonObject().put("_id", SEQUENCE_ID), null)
        .compose(
            counter -> {
              boolean kept =
                  counter != null
                      && counter.containsKey(TYPE_COUNTS)
                      && counter.containsKey(TAP_FIRST_IDS);
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
   * skipped when the kept tap counts are none negative and add up to the total: a change cut short
   * can only leave a count too low (see the class comment), so counts that add up to the true total
   * are each exact, and so are the first ids counted with them. (A purge that falls back to {@link
   * #recount} while a beer is being added could leave one off; that is not a crash's doing, and is
   * not detected here.)
   *
   * @param counter the sequence document, or null when it has no counts to keep
   */
  private Future<Void> recountAtStart(JsonObject counter) {
    List<Future<Long>> byType = new ArrayList<>();
    for (BeerType type : BeerType.values()) {
      byType.add(mongo.count(beers, new JsonObject().put(BeerMessages.TYPE, type.label())));
    }
    Future<Long> total = mongo.count(beers, new JsonObject());
    JsonObject keptTaps = counter == null ? null : counter.getJsonObject(TAP_COUNTS);
    return Future.all(byType)
        .compose(counted -> total)
        .compose(
            beerCount -> {
              JsonObject types = new JsonObject();
              for (int i = 0; i < byType.size(); i++) {
                types.put(BeerType.values()[i].label(), byType.get(i).result());
              }
              if (keptTaps != null && addsUpTo(keptTaps, beerCount)) {
                LOG.info(
                    "beer statistics counted at start (the last run left no clean-shutdown"
                        + " marker): {} beers, types {} (kept: {}), taps kept, they add up",
                    beerCount,
                    types.encode(),
                    counter.getJsonObject(TYPE_COUNTS).encode());
                return setCounts(new JsonObject().put(TYPE_COUNTS, types), null);
              }
              return countTaps()
                  .compose(
                      taps -> {
                        LOG.info(
                            "beer statistics counted at start ({}): {} beers, types {}, taps"
                                + " counted from {} tap(s)",
                            counter == null
                                ? "none kept yet"
                                : "the last run left no clean-shutdown marker",
                            beerCount,
                            types.encode(),
                            taps.counts().size());
                        return setCounts(
                            new JsonObject().put(TAP_COUNTS, taps.counts()).put(TYPE_COUNTS, types),
                            taps.firstIds());
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

  /** Counts from the beers themselves, and the first ids found among them. */
  private record TapCounts(JsonObject counts, JsonObject firstIds) {}

  /**
   * The beers by tap, with each tap's smallest id, from one aggregation over every beer. (The rows'
   * order means nothing: the first ids give the order.)
   */
  private Future<TapCounts> countTaps() {
    return groupBeers("$" + BeerMessages.TAP_ID)
        .map(
            rows -> {
              JsonObject counts = new JsonObject();
              JsonObject firstIds = new JsonObject();
              for (JsonObject row : rows) {
                String tap = String.valueOf(((Number) row.getValue("_id")).longValue());
                counts.put(tap, ((Number) row.getValue("count")).longValue());
                firstIds.put(tap, ((Number) row.getValue("first")).longValue());
              }
              return new TapCounts(counts, firstIds);
            });
  }

  /**
   * One aggregation over every beer: per group of {@code groupBy} (a field path, or an object of
   * them), {@code {"_id": group, "count": beers, "first": smallest id}}.
   */
  private Future<List<JsonObject>> groupBeers(Object groupBy) {
    JsonArray pipeline =
        new JsonArray()
            .add(
                new JsonObject()
                    .put(
                        "$group",
                        new JsonObject()
                            .put("_id", groupBy)
                            .put("count", new JsonObject().put("$sum", 1))
                            .put("first", new JsonObject().put("$min", "$_id"))));
    return mongo.aggregate(beers, pipeline).collect(Collectors.toList());
  }

  /**
   * Sets counts. With the taps counted from the beers, it also lowers the first ids to those found
   * among them: a kept first id is never too low, but it is missing in a database from an older
   * version, or after a crash cut a tap's first count short.
   *
   * @param firstIds the smallest id of each tap's beers, or null to leave the first ids as they are
   */
  private Future<Void> setCounts(JsonObject counts, JsonObject firstIds) {
    JsonObject update = new JsonObject().put("$set", counts);
    if (firstIds != null && firstIds.isEmpty()) {
      counts.put(TAP_FIRST_IDS, new JsonObject()); // no beer: no first pour to keep
    } else if (firstIds != null) {
      JsonObject lowered = new JsonObject();
      firstIds.forEach(tap -> lowered.put(TAP_FIRST_IDS + "." + tap.getKey(), tap.getValue()));
      update.put("$min", lowered);
    }
    return mongo
        .updateCollectionWithOptions(
            COLLECTION,
            new JsonObject().put("_id", SEQUENCE_ID),
            update,
            new UpdateOptions().setUpsert(true))
        .mapEmpty();
  }

  /** Sets the counts from the beers themselves: when a purge lost track of what it deleted. */
  Future<Void> recount() {
    return groupBeers(
            new JsonObject()
                .put("tap", "$" + BeerMessages.TAP_ID)
                .put("type", "$" + BeerMessages.TYPE))
        .compose(
            rows -> {
              JsonObject taps = new JsonObject();
              JsonObject types = new JsonObject();
              JsonObject firstIds = new JsonObject();
              for (JsonObject row : rows) {
                JsonObject group = row.getJsonObject("_id");
                long count = ((Number) row.getValue("count")).longValue();
                String tap = String.valueOf(((Number) group.getValue("tap")).longValue());
                long first = ((Number) row.getValue("first")).longValue();
                increment(taps, tap, count);
                increment(types, group.getString("type"), count);
                firstIds.put(tap, Math.min(first, firstIds.getLong(tap, Long.MAX_VALUE)));
              }
              LOG.info("beer statistics counted from {} group(s) of beers", rows.size());
              return setCounts(
                  new JsonObject().put(TAP_COUNTS, taps).put(TYPE_COUNTS, types), firstIds);
            })
        .compose(updated -> durability.durable());
  }
}
