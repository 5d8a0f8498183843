package dev.eventstack.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ReadCacheTest {

  private static JsonObject doc(String title) {
    return new JsonObject().put("title", title);
  }

  /** What the cache answers without asking the store; null when it would ask. */
  private static <K> JsonObject cached(ReadCache<K> cache, K id) {
    Future<JsonObject> answer = cache.get(id, () -> Future.succeededFuture(null));
    return answer.result();
  }

  /** A write that completes at once, alone, leaving {@code document}. */
  private static <K> void write(ReadCache<K> cache, K id, JsonObject document) {
    cache.endWrite(id, cache.beginWrite(id), document);
  }

  @Test
  void aReadThatOverlappedAWriteIsNotCached() {
    ReadCache<String> cache = new ReadCache<>(10);
    Promise<JsonObject> storeRead = Promise.promise();
    Future<JsonObject> answer = cache.get("a", storeRead::future);
    write(cache, "a", null); // a delete of "a" commits while the read is on its way
    storeRead.complete(doc("old"));
    assertEquals(doc("old"), answer.result(), "the caller still gets what the store said");
    assertNull(cached(cache, "a"), "but the read saw the document from before the delete");

    cache.get("a", () -> Future.succeededFuture(doc("fresh")));
    assertEquals(doc("fresh"), cached(cache, "a"));
    assertEquals(0, cache.inFlight(), "nothing is left in flight");
  }

  @Test
  void aReadDuringAnOpenWriteIsNotCachedEvenIfItEndsFirst() {
    // The beers GET-against-DELETE race: the read leaves after the delete began, reads the beer
    // before the store deletes it, and its answer arrives before the delete is acknowledged.
    ReadCache<Long> cache = new ReadCache<>(10);
    long delete = cache.beginWrite(7L);
    Promise<JsonObject> storeRead = Promise.promise();
    cache.get(7L, storeRead::future);
    storeRead.complete(doc("about to go"));
    cache.endWrite(7L, delete, null);
    assertNull(cached(cache, 7L));
  }

  @Test
  void aReadThatBeganBeforeAWriteAndEndedAfterItIsNotCached() {
    ReadCache<Long> cache = new ReadCache<>(10);
    Promise<JsonObject> storeRead = Promise.promise();
    cache.get(1L, storeRead::future);
    long replace = cache.beginWrite(1L);
    cache.endWrite(1L, replace, doc("new"));
    storeRead.complete(doc("old"));
    assertEquals(doc("new"), cached(cache, 1L), "the write that ran alone left its document");
  }

  @Test
  void overlappingWritesAcknowledgedOutOfOrderCacheNothing() {
    // PUT applied first, DELETE second, but the DELETE is acknowledged first: the PUT's document
    // must not be cached when it is acknowledged, though the store no longer holds it.
    ReadCache<String> cache = new ReadCache<>(10);
    long put = cache.beginWrite("t");
    long delete = cache.beginWrite("t");
    cache.endWrite("t", delete, null);
    cache.endWrite("t", put, doc("p0"));
    assertNull(cached(cache, "t"));

    // PUT against PUT: neither knows which the store applied last.
    long p0 = cache.beginWrite("t");
    long p1 = cache.beginWrite("t");
    cache.endWrite("t", p1, doc("p1"));
    cache.endWrite("t", p0, doc("p0"));
    assertNull(cached(cache, "t"));

    // A write that overlapped one that had already ended before it did is not alone either.
    long first = cache.beginWrite("t");
    long second = cache.beginWrite("t");
    cache.endWrite("t", first, doc("first"));
    cache.endWrite("t", second, doc("second"));
    assertNull(cached(cache, "t"));
    assertEquals(0, cache.inFlight());
  }

  @Test
  void aWriteThatRanAloneCachesWhatItCommittedAndAFailedOneNothing() {
    ReadCache<String> cache = new ReadCache<>(10);
    cache.write("a", () -> Future.succeededFuture("ok"), ok -> doc("written"));
    assertEquals(doc("written"), cached(cache, "a"));

    Future<String> failed =
        cache.write("a", () -> Future.failedFuture("disk full"), ok -> doc("never"));
    assertFalse(failed.succeeded());
    assertNull(cached(cache, "a"), "the store may or may not hold it: ask the store");

    cache.write(
        "a",
        () -> {
          throw new IllegalStateException("thrown");
        },
        ok -> doc("never"));
    assertNull(cached(cache, "a"));
    assertEquals(0, cache.inFlight());
  }

  @Test
  void aWriteDropsTheCachedDocumentAsItBegins() {
    ReadCache<String> cache = new ReadCache<>(10);
    write(cache, "a", doc("one"));
    long ticket = cache.beginWrite("a");
    assertNull(cached(cache, "a"), "while the write is open, reads go to the store");
    cache.endWrite("a", ticket, doc("two"));
    assertEquals(doc("two"), cached(cache, "a"));
  }

  @Test
  void endingAWriteThatWasNeverBegunIsABug() {
    ReadCache<String> cache = new ReadCache<>(10);
    assertThrows(IllegalStateException.class, () -> cache.endWrite("a", 1, null));
  }

  @Test
  void aCachedDocumentIsServedWithoutAskingTheStore() {
    ReadCache<Long> cache = new ReadCache<>(10);
    write(cache, 1L, doc("one"));
    JsonObject answer = cache.get(1L, () -> fail("the store was asked")).result();
    assertEquals(doc("one"), answer);
  }

  @Test
  void anUnknownIdIsNotCached() {
    ReadCache<String> cache = new ReadCache<>(10);
    cache.get("missing", () -> Future.succeededFuture(null));
    assertEquals(0, cache.size());
    assertFalse(cache.get("missing", () -> Future.failedFuture("store down")).succeeded());
    assertEquals(0, cache.inFlight());
  }

  @Test
  void keepsOnlyTheMostRecentlyUsed() {
    ReadCache<Integer> cache = new ReadCache<>(3);
    for (int i = 0; i < 3; i++) {
      write(cache, i, doc("n" + i));
    }
    cached(cache, 0); // 0 is now the most recently used; 1 is the eldest
    write(cache, 3, doc("n3"));
    assertEquals(3, cache.size());
    assertNull(cached(cache, 1));
    assertEquals(doc("n0"), cached(cache, 0));
  }

  @Test
  void sizeZeroHoldsNothing() {
    ReadCache<String> cache = new ReadCache<>(0);
    write(cache, "a", doc("a"));
    cache.get("b", () -> Future.succeededFuture(doc("b")));
    assertEquals(0, cache.size());
  }
}
