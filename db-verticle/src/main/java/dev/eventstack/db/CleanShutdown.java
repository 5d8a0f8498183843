package dev.eventstack.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

/**
 * Tells a start whether the last run stopped cleanly: a marker document that a graceful stop writes
 * (and commits) last, once no count change is in flight, and that a start takes away (and commits)
 * before it serves anything. A start that finds no marker follows a crash (kill -9, power cut,
 * OOM), a stop that could not vouch for the counts, or a first start; then the counts kept beside
 * the documents ({@link BeerStore}'s statistics) may disagree with the documents and are counted
 * again.
 *
 * <p>Only for the embedded database, whose one owner is the database's only writer. With a shared
 * MongoDB other nodes keep writing while one stops or starts, so one node's stop says nothing of
 * the database, and a recount would race their writes; the counts are trusted there (as before this
 * marker), and a node killed between a beer's count and its insert leaves them one too high.
 */
final class CleanShutdown {

  /** In the counters collection, beside the sequence documents. */
  static final String COLLECTION = BeerCounts.COLLECTION;

  static final String MARKER_ID = "clean-shutdown";

  private CleanShutdown() {}

  private static JsonObject marker() {
    return new JsonObject().put("_id", MARKER_ID);
  }

  /**
   * Takes the marker away, durably, and answers whether it was there: whether the counts can be
   * trusted. Call it before anything else writes.
   */
  static Future<Boolean> take(MongoClient mongo, Durability durability) {
    return mongo
        .findOne(COLLECTION, marker(), null)
        .compose(
            found ->
                found == null
                    ? Future.succeededFuture(false)
                    : mongo
                        .removeDocument(COLLECTION, marker())
                        .compose(removed -> durability.durable())
                        .map(true));
  }

  /** Leaves the marker, durably: call it last, once nothing writes any more. */
  static Future<Void> leave(MongoClient mongo, Durability durability) {
    return mongo
        .updateCollectionWithOptions(
            COLLECTION,
            marker(),
            new JsonObject()
                .put("$set", new JsonObject().put("stoppedAtMs", System.currentTimeMillis())),
            new UpdateOptions().setUpsert(true))
        .compose(updated -> durability.durable());
  }
}
