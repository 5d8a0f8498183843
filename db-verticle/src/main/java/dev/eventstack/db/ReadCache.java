package dev.eventstack.db;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /** The cached document, or null when the store must be asked. */
  JsonObject get(K id) {
    return entries.get(id);
  }

  /** Marks the start of a read from the store, for {@link #fill}. */
  long readStarted() {
    return writes;
  }

  /**
   * Caches what a read from the store found, unless a write happened since the read started: the
   * read may then have seen the document from before it.
   */
  void fill(K id, JsonObject document, long readStarted) {
    if (readStarted == writes && maxEntries > 0) {
      entries.put(id, document);
    }
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
