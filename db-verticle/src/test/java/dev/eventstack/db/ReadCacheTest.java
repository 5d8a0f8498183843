package dev.eventstack.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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

  @Test
  void aReadThatOverlappedAWriteIsNotCached() {
    ReadCache<String> cache = new ReadCache<>(10);
    Promise<JsonObject> storeRead = Promise.promise();
    Future<JsonObject> answer = cache.get("a", storeRead::future);
    cache.remove("a"); // a delete of "a" commits while the read is on its way
    storeRead.complete(doc("old"));
    assertEquals(doc("old"), answer.result(), "the caller still gets what the store said");
    assertNull(cached(cache, "a"), "but the read saw the document from before the delete");

    cache.get("a", () -> Future.succeededFuture(doc("fresh")));
    assertEquals(doc("fresh"), cached(cache, "a"));
  }

  @Test
  void aCachedDocumentIsServedWithoutAskingTheStore() {
    ReadCache<Long> cache = new ReadCache<>(10);
    cache.put(1L, doc("one"));
    JsonObject answer = cache.get(1L, () -> fail("the store was asked")).result();
    assertEquals(doc("one"), answer);
  }

  @Test
  void writesReplaceAndRemove() {
    ReadCache<Long> cache = new ReadCache<>(10);
    cache.put(1L, doc("one"));
    cache.put(1L, doc("uno"));
    assertEquals(doc("uno"), cached(cache, 1L));
    cache.remove(1L);
    assertNull(cached(cache, 1L));
  }

  @Test
  void anUnknownIdIsNotCached() {
    ReadCache<String> cache = new ReadCache<>(10);
    cache.get("missing", () -> Future.succeededFuture(null));
    assertEquals(0, cache.size());
    assertFalse(cache.get("missing", () -> Future.failedFuture("store down")).succeeded());
  }

  @Test
  void keepsOnlyTheMostRecentlyUsed() {
    ReadCache<Integer> cache = new ReadCache<>(3);
    for (int i = 0; i < 3; i++) {
      cache.put(i, doc("n" + i));
    }
    cached(cache, 0); // 0 is now the most recently used; 1 is the eldest
    cache.put(3, doc("n3"));
    assertEquals(3, cache.size());
    assertNull(cached(cache, 1));
    assertEquals(doc("n0"), cached(cache, 0));
  }

  @Test
  void sizeZeroHoldsNothing() {
    ReadCache<String> cache = new ReadCache<>(0);
    cache.put("a", doc("a"));
    cache.get("b", () -> Future.succeededFuture(doc("b")));
    assertEquals(0, cache.size());
  }
}
