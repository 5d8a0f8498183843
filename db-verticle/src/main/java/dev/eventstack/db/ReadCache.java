package dev.eventstack.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The latest committed form of the most recently used documents of one collection, by id, so that a
 * read by id is answered without a round trip to the store. It is written through: the store puts
 * what it has just committed and removes what it has just deleted.
 *
 * <p>It is only correct while this db-verticle is the database's only writer, which holds for the
 * embedded database (one owner per cluster, see {@link DbVerticle}). With a shared MongoDB other
 * nodes write too, so {@link DbConfig#cacheEntries()} is 0 there and the cache holds nothing.
 *
 * <p>Not thread-safe: it belongs to the db-verticle's context, like the store that owns it. The
 * documents it holds are never changed; the event bus copies a reply on local delivery.
 */
final class ReadCache<K> {

  private final int maxEntries;
  private final Map<K, JsonObject> entries;

  /** Counts the writes, so that a read that overlapped one does not cache what it saw. */
  private long writes;

  ReadCache(int maxEntries) {
    this.maxEntries = maxEntries;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, JsonObject> eldest) {
            return super.size() > ReadCache.this.maxEntries;
          }
        };
  }

  /**
   * The document by id: the cached one, or what {@code load} finds in the store (null for none),
   * which is cached unless a write to the collection happened while it was read: the read may then
   * have seen the document from before that write.
   */
  Future<JsonObject> get(K id, Supplier<Future<JsonObject>> load) {
    JsonObject cached = entries.get(id);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    long writesBefore = writes;
    return load.get()
        .onSuccess(
            found -> {
              if (found != null && writesBefore == writes && maxEntries > 0) {
                entries.put(id, found);
              }
            });
  }

  /** Drops the document before a write to it, so no reader sees a stale one meanwhile. */
  void remove(K id) {
    writes++;
    entries.remove(id);
  }

  /** Caches the document that a write has just committed. */
  void put(K id, JsonObject document) {
    writes++;
    if (maxEntries > 0) {
      entries.put(id, document);
    }
  }

  int size() {
    return entries.size();
  }
}
