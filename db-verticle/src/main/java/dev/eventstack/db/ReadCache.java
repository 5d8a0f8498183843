package dev.eventstack.db;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The latest committed form of the most recently used documents of one collection, by id, so that a
 * read by id is answered without a round trip to the store.
 *
 * <p>Reads by id must be linearizable with acknowledged writes: once a write is acknowledged, no
 * read may show what was there before it, and a cached document must be what the store holds. The
 * stores' writes to one id can overlap (each is a few round trips plus a group commit), and their
 * replies come back in any order, not necessarily the order in which the store applied them. So a
 * write cannot simply put "its" document into the cache when it is acknowledged: a PUT applied
 * before a DELETE may be acknowledged after it, and would leave a deleted document cached for good.
 * Nor can a read simply cache what it found: it may have read before a write that is acknowledged
 * before the read's answer arrives.
 *
 * <p>The rule, per id, on the one event loop that owns the cache:
 *
 * <ul>
 *   <li>Every write to an id is bracketed by {@link #beginWrite} (before the store may apply it)
 *       and {@link #endWrite} (once it is durable or has failed, before its reply). Both drop the
 *       cached document and bump the id's change count. While a write is open, reads of the id go
 *       to the store; a store read then is linearizable, whichever side of the write it falls.
 *   <li>A write caches its document at its end only if no other write to the id overlapped it at
 *       all (it was the only one open, and the change count moved only by its own begin). Then the
 *       store's document for the id is exactly what this write left.
 *   <li>A read that missed fills the cache only if no write to the id was open when it ended and
 *       none began or ended while it ran. Then what it read is what the store still holds.
 * </ul>
 *
 * A cached document is thus always the store's current one, and it is dropped before any write to
 * its id can change the store. The alternatives are no simpler: a version per document would need a
 * field in every stored document and a read of it on every write, and filling from the store's
 * returned post-image still needs the per-id bookkeeping above to tell which post-image is the
 * last. The bookkeeping lives only while an id has a write or a missed read in flight.
 *
 * <p>It is only correct while this db-verticle is the database's only writer, which holds for the
 * embedded database (one owner per cluster, see {@link DbVerticle}). With a shared MongoDB other
 * nodes write too, so {@link DbConfig#cacheEntries()} is 0 there and the cache holds nothing.
 *
 * <p>Not thread-safe: it belongs to the db-verticle's context, like the store that owns it. The
 * documents it holds are never changed; the event bus copies a reply on local delivery.
 */
final class ReadCache<K> {

  /** The writes and missed reads in flight for one id. */
  private static final class InFlight {
    int writers;
    int readers;

    /** Bumped as each write begins and ends. */
    long changes;
  }

  private final int maxEntries;
  private final Map<K, JsonObject> entries;
  private final Map<K, InFlight> inFlight = new HashMap<>();

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
   * which is cached unless a write to that id was open or happened while it was read.
   */
  Future<JsonObject> get(K id, Supplier<Future<JsonObject>> load) {
    JsonObject cached = entries.get(id);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    InFlight slot = inFlight.computeIfAbsent(id, k -> new InFlight());
    slot.readers++;
    long changesBefore = slot.changes;
    Future<JsonObject> loaded;
    try {
      loaded = load.get();
    } catch (RuntimeException e) {
      loaded = Future.failedFuture(e);
    }
    return loaded.andThen(
        found -> {
          slot.readers--;
          if (found.succeeded()
              && found.result() != null
              && slot.writers == 0
              && slot.changes == changesBefore) {
            fill(id, found.result());
          }
          release(id, slot);
        });
  }

  /**
   * Opens a write to {@code id}: call it before the store may apply the write. Drops the cached
   * document. Returns the ticket to give {@link #endWrite}.
   */
  long beginWrite(K id) {
    InFlight slot = inFlight.computeIfAbsent(id, k -> new InFlight());
    slot.writers++;
    slot.changes++;
    entries.remove(id);
    return slot.changes;
  }

  /**
   * Closes a write to {@code id}, once it is durable or has failed, and before it is answered.
   *
   * @param committed the document as this write left it in the store, or null when it left none,
   *     failed, or it is not known
   */
  void endWrite(K id, long ticket, JsonObject committed) {
    InFlight slot = inFlight.get(id);
    if (slot == null || slot.writers == 0) {
      throw new IllegalStateException("no write to " + id + " is open");
    }
    boolean alone = slot.writers == 1 && slot.changes == ticket;
    slot.writers--;
    slot.changes++;
    entries.remove(id);
    if (alone && committed != null) {
      fill(id, committed);
    }
    release(id, slot);
  }

  /**
   * Runs {@code write} to {@code id} between {@link #beginWrite} and {@link #endWrite}: the result
   * completes after the cache is settled. {@code committed} maps a successful result to the
   * document the write left (null for none).
   */
  <T> Future<T> write(K id, Supplier<Future<T>> write, Function<? super T, JsonObject> committed) {
    long ticket = beginWrite(id);
    Future<T> written;
    try {
      written = write.get();
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    return written.andThen(
        outcome ->
            endWrite(id, ticket, outcome.succeeded() ? committed.apply(outcome.result()) : null));
  }

  private void fill(K id, JsonObject document) {
    if (maxEntries > 0) {
      entries.put(id, document);
    }
  }

  private void release(K id, InFlight slot) {
    if (slot.writers == 0 && slot.readers == 0) {
      inFlight.remove(id);
    }
  }

  int size() {
    return entries.size();
  }

  /** The ids with a write or a missed read in flight; for tests. */
  int inFlight() {
    return inFlight.size();
  }
}
