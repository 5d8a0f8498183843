package dev.eventstack.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class ReadCacheTest {

  private static JsonObject doc(String title) {
    return new JsonObject().put("title", title);
  }

  @Test
  void aReadThatOverlappedAWriteIsNotCached() {
    ReadCache<String> cache = new ReadCache<>(10);
    long readStarted = cache.readStarted();
    cache.remove("a"); // a delete of "a" commits while the read is on its way
    cache.fill("a", doc("old"), readStarted);
    assertNull(cache.get("a"), "the read saw the document from before the delete");

    long later = cache.readStarted();
    cache.fill("a", doc("fresh"), later);
    assertEquals(doc("fresh"), cache.get("a"));
  }

  @Test
  void writesReplaceAndRemove() {
    ReadCache<Long> cache = new ReadCache<>(10);
    cache.put(1L, doc("one"));
    cache.put(1L, doc("uno"));
    assertEquals(doc("uno"), cache.get(1L));
    cache.remove(1L);
    assertNull(cache.get(1L));
  }

  @Test
  void keepsOnlyTheMostRecentlyUsed() {
    ReadCache<Integer> cache = new ReadCache<>(3);
    for (int i = 0; i < 3; i++) {
      cache.put(i, doc("n" + i));
    }
    cache.get(0); // 0 is now the most recently used; 1 is the eldest
    cache.put(3, doc("n3"));
    assertEquals(3, cache.size());
    assertNull(cache.get(1));
    assertEquals(doc("n0"), cache.get(0));
  }

  @Test
  void sizeZeroHoldsNothing() {
    ReadCache<String> cache = new ReadCache<>(0);
    cache.put("a", doc("a"));
    cache.fill("b", doc("b"), cache.readStarted());
    assertEquals(0, cache.size());
  }
}
