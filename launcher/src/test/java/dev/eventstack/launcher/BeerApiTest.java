package dev.eventstack.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventstack.contract.Addresses;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Black-box: the beer-tap API and its sockets, the whole system in one JVM, over real sockets. */
class BeerApiTest extends OneNodeTest {

  private JsonObject post(long tapId, double volume) {
    HttpResponse<String> response =
        http.send(
            "POST",
            "/api/beers",
            new JsonObject().put("tapId", tapId).put("volume", volume).encode());
    assertEquals(201, response.statusCode(), response.body());
    JsonObject beer = new JsonObject(response.body()).getJsonObject("beer");
    assertEquals(
        "/api/beers/" + beer.getLong("id"),
        response.headers().firstValue("Location").orElseThrow());
    return beer;
  }

  private static void assertError(HttpResponse<String> response, int status, String part) {
    assertEquals(status, response.statusCode(), response.body());
    JsonObject body = new JsonObject(response.body());
    assertEquals(status, body.getInteger("status"));
    assertTrue(body.getString("message").contains(part), body.getString("message"));
  }

  @Test
  void addsReadsListsAndDeletesBeersWithTypesFromTheVolume() {
    JsonObject beer = post(3, 300.5);
    assertEquals(0L, beer.getLong("id"));
    assertEquals(3L, beer.getLong("tapId"));
    assertEquals("pint", beer.getString("type"));
    assertTrue(beer.getString("timestamp").endsWith("Z"), beer.getString("timestamp"));

    assertEquals(beer, http.getJson("/api/beers/0").getJsonObject("beer"));
    assertEquals(204, http.send("DELETE", "/api/beers/0", null).statusCode());
    HttpResponse<String> gone = http.get("/api/beers/0");
    assertEquals(404, gone.statusCode());
    assertEquals("Beer with id 0 not found", new JsonObject(gone.body()).getString("message"));
    assertError(http.send("DELETE", "/api/beers/0", null), 404, "not found");
  }

  @Test
  void pagesAndFiltersInIdOrder() {
    double[] volumes = {150, 500, 900, 600, 700, 250, 1000};
    for (int i = 0; i < volumes.length; i++) {
      post(i % 2, volumes[i]);
    }
    JsonObject page = http.getJson("/api/beers?page=2&page_size=2");
    assertEquals(2, page.getInteger("page"));
    assertEquals(2, page.getInteger("page_size"));
    assertEquals(7L, page.getLong("total"));
    assertEquals(List.of(2L, 3L), ids(page.getJsonArray("beers")));

    JsonObject pints = http.getJson("/api/beers?type=pint&page_size=10");
    assertEquals(3L, pints.getLong("total"));
    assertEquals(List.of(1L, 3L, 4L), ids(pints.getJsonArray("beers")));
    assertEquals(50, http.getJson("/api/beers").getInteger("page_size"));

    // Newest first, for a feed of the latest beers; asc is the default spelled out.
    JsonObject newest = http.getJson("/api/beers?page=1&page_size=3&sort=desc");
    assertEquals(List.of(6L, 5L, 4L), ids(newest.getJsonArray("beers")));
    assertEquals(7L, newest.getLong("total"));
    assertEquals(
        List.of(4L, 3L),
        ids(http.getJson("/api/beers?page=2&page_size=2&sort=desc").getJsonArray("beers")));
    assertEquals(
        List.of(4L, 3L, 1L),
        ids(http.getJson("/api/beers?type=pint&sort=desc").getJsonArray("beers")));
    assertEquals(
        List.of(0L, 1L),
        ids(http.getJson("/api/beers?page_size=2&sort=asc").getJsonArray("beers")));
  }

  @Test
  void refusesBadInputWithoutUsingUpAnId() {
    post(0, 100);
    assertError(http.send("POST", "/api/beers", "{\"tapId\":1,\"volume\":99}"), 422, "outside");
    assertError(http.send("POST", "/api/beers", "{\"tapId\":1,\"volume\":1000.1}"), 422, "outside");
    assertError(http.send("POST", "/api/beers", "{\"volume\":500}"), 400, "tapId");
    assertError(http.send("POST", "/api/beers", "{\"tapId\":-1,\"volume\":500}"), 400, "tapId");
    assertError(http.send("POST", "/api/beers", "{\"tapId\":1.5,\"volume\":500}"), 400, "tapId");
    assertError(http.send("POST", "/api/beers", "{\"tapId\":1,\"volume\":\"big\"}"), 400, "volume");
    assertError(http.send("POST", "/api/beers", "{\"tapId\":1"), 400, "Invalid JSON");
    assertError(http.get("/api/beers?page=0"), 400, "page");
    assertError(http.get("/api/beers?page_size=1001"), 400, "page_size");
    assertError(http.get("/api/beers?page_size=ten"), 400, "page_size");
    assertError(http.get("/api/beers?type=pitcher"), 400, "pitcher");
    assertError(http.get("/api/beers?sort=newest"), 400, "sort: expected 'asc' or 'desc'");
    assertError(http.get("/api/beers?sort=desc&sort=asc"), 400, "'sort' is given more than once");
    assertError(http.get("/api/beers?page=1&page=2"), 400, "more than once");
    assertError(http.get("/api/beers/abc"), 400, "abc");
    assertError(http.send("PUT", "/api/beers/0", "{}"), 405, "GET, DELETE");

    assertEquals(1L, post(1, 200).getLong("id"), "rejected posts used up no id");
  }

  @Test
  void addsABatchInOneWriteWithConsecutiveIdsEventsAndExactStats() throws Exception {
    post(7, 500);
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 12; i++) {
      batch.add(new JsonObject().put("tapId", i % 3).put("volume", i < 4 ? 200 : 600));
    }
    try (TestSocket socket = TestSocket.open(port, "/sockets/beers?format=json")) {
      HttpResponse<String> response =
          http.send("POST", "/api/beers/batch", new JsonObject().put("beers", batch).encode());
      assertEquals(201, response.statusCode(), response.body());
      JsonArray added = new JsonObject(response.body()).getJsonArray("beers");
      assertEquals(12, added.size());
      for (int i = 0; i < 12; i++) {
        JsonObject beer = added.getJsonObject(i);
        assertEquals(i + 1L, beer.getLong("id"));
        assertEquals(beer, http.getJson("/api/beers/" + (i + 1)).getJsonObject("beer"));
        assertTrue(
            socket
                .nextMatching("{\"event\":\"beer.added\"", 5)
                .contains("\"id\":" + (i + 1) + "}"));
      }
      // Beer 9 is the tenth: one stats event follows the batch, counting the beers up to it.
      JsonObject stats = new JsonObject(socket.nextMatching("{\"event\":\"stats\"", 5));
      assertEquals(10L, stats.getLong("total"));
    }
    JsonObject stats = http.getJson("/api/beers/stats");
    assertEquals(
        new JsonObject().put("half", 4).put("pint", 9).put("stein", 0),
        stats.getJsonObject("types"));
    assertEquals(4 * 100.0 / 13, stats.getJsonObject("taps").getDouble("0"), 0.01);

    // A delete takes the beer off the counts; a tap with no beer left drops out.
    assertEquals(204, http.send("DELETE", "/api/beers/0", null).statusCode());
    stats = http.getJson("/api/beers/stats");
    assertEquals(12L, stats.getLong("total"));
    assertEquals(null, stats.getJsonObject("taps").getValue("7"));
    assertEquals(8, stats.getJsonObject("types").getInteger("pint"));
  }

  @Test
  void refusesABadBatchWholeAndStoresNothing() {
    JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 1001; i++) {
      tooMany.add(new JsonObject().put("tapId", 1).put("volume", 500));
    }
    JsonArray oneBad =
        new JsonArray()
            .add(new JsonObject().put("tapId", 1).put("volume", 500))
            .add(new JsonObject().put("tapId", 1).put("volume", 5000));
    assertError(
        http.send("POST", "/api/beers/batch", new JsonObject().put("beers", tooMany).encode()),
        400,
        "1 to 1000");
    assertError(http.send("POST", "/api/beers/batch", "{\"beers\":[]}"), 400, "1 to 1000");
    assertError(http.send("POST", "/api/beers/batch", "{\"beers\":{}}"), 400, "1 to 1000");
    assertError(http.send("POST", "/api/beers/batch", "{\"beers\":[1]}"), 400, "beers[0]");
    assertError(
        http.send("POST", "/api/beers/batch", new JsonObject().put("beers", oneBad).encode()),
        422,
        "beers[1].volume: 5000.0 ml is outside 100-1000 ml");
    assertError(
        http.send("POST", "/api/beers/batch", "{\"beers\":[{\"tapId\":-1,\"volume\":500}]}"),
        400,
        "beers[0].tapId");
    assertError(http.get("/api/beers/batch"), 405, "POST");

    assertEquals(0L, http.getJson("/api/beers").getLong("total"));
    assertEquals(0L, http.getJson("/api/beers/stats").getLong("total"));
    assertEquals(0L, post(1, 200).getLong("id"), "refused batches used up no id");
  }

  @Test
  void twoSocketsGetEveryAddDeleteAndTheStatsAfterTheTenthBeer() throws Exception {
    try (TestSocket text = TestSocket.open(port, "/sockets/beers");
        TestSocket json = TestSocket.open(port, "/sockets/beers?format=json")) {
      List<JsonObject> beers = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        beers.add(post(i < 5 ? 0 : (i < 8 ? 1 : 2), i < 3 ? 200 : (i < 9 ? 500 : 950)));
      }
      http.send("DELETE", "/api/beers/4", null);

      for (JsonObject beer : beers) {
        assertEquals("Beer " + beer.getLong("id") + " added to the collection", text.next(5));
        assertEquals("Tap with id " + beer.getLong("tapId") + " posted a new beer!", text.next(5));
        assertEquals(
            new JsonObject().put("event", "beer.added").put("beer", beer),
            new JsonObject(json.next(5)));
      }
      // The stats are computed after the tenth add commits, so they may pass the delete.
      List<String> lastTexts = List.of(text.next(5), text.next(5));
      assertTrue(lastTexts.contains("Beer 4 deleted from the collection"), lastTexts.toString());
      assertTrue(
          lastTexts.contains(
              "{\"tap 0\": \"50.0%\", \"tap 1\": \"30.0%\", \"tap 2\": \"20.0%\","
                  + " \"total beers\": 10}"),
          lastTexts.toString());

      JsonObject stats = null;
      JsonObject deleted = null;
      for (int i = 0; i < 2; i++) {
        JsonObject event = new JsonObject(json.next(5));
        if ("stats".equals(event.getString("event"))) {
          stats = event;
        } else {
          deleted = event;
        }
      }
      assertEquals(new JsonObject().put("event", "beer.deleted").put("id", 4), deleted);
      assertEquals(10L, stats.getLong("total"));
      assertEquals(
          new JsonObject().put("0", 50.0).put("1", 30.0).put("2", 20.0),
          stats.getJsonObject("taps"));
      assertEquals(
          new JsonObject().put("half", 3).put("pint", 6).put("stein", 1),
          stats.getJsonObject("types"));
    }
  }

  /**
   * Issue 21: a client written for seed 003 reads the same frames it read there, byte for byte, the
   * statistics object included, with the taps in the order of their first beers.
   */
  @Test
  void theTextSocketSendsSeed003sOwnMessagesByteForByte() throws Exception {
    long[] taps = {2, 1, 2, 2, 1, 3, 2, 2, 1, 2};
    try (TestSocket seedClient = TestSocket.open(port, "/sockets/beers")) {
      List<String> expected = new ArrayList<>();
      for (int id = 0; id < taps.length; id++) {
        post(taps[id], 330);
        expected.add("Beer " + id + " added to the collection");
        expected.add("Tap with id " + taps[id] + " posted a new beer!");
      }
      expected.add(
          "{\"tap 2\": \"60.0%\", \"tap 1\": \"30.0%\", \"tap 3\": \"10.0%\", \"total beers\": 10}");
      List<String> received = new ArrayList<>();
      for (int i = 0; i < expected.size(); i++) {
        received.add(seedClient.next(5));
      }
      assertEquals(expected, received);
    }
    JsonObject stats = http.getJson("/api/beers/stats");
    assertEquals(List.of("2", "1", "3"), new ArrayList<>(stats.getJsonObject("taps").fieldNames()));
  }

  /** Seed 003's wish: a socket that says it is a tap does not hear its own beers. */
  @Test
  void aTapIsNotToldOfItsOwnBeersAndEveryOtherSocketIs() throws Exception {
    try (TestSocket tap3 = TestSocket.open(port, "/sockets/beers?tapId=3");
        TestSocket tap3Json = TestSocket.open(port, "/sockets/beers?format=json&tapId=3");
        TestSocket other = TestSocket.open(port, "/sockets/beers")) {
      post(3, 500);
      JsonObject fromTap4 = post(4, 500);

      assertEquals("Beer 0 added to the collection", other.next(5));
      assertEquals("Tap with id 3 posted a new beer!", other.next(5));
      assertEquals("Beer 1 added to the collection", other.next(5));
      assertEquals("Beer 1 added to the collection", tap3.next(5), "no echo of beer 0");
      assertEquals("Tap with id 4 posted a new beer!", tap3.next(5));
      assertEquals(
          new JsonObject().put("event", "beer.added").put("beer", fromTap4),
          new JsonObject(tap3Json.next(5)),
          "no echo in JSON either");
    }
    assertEquals(400, TestSocket.refusal(port, "/sockets/beers?tapId=three"));
  }

  @Test
  void aClientThatStopsReadingIsDroppedAndTheOthersKeepTheirMessages() throws Exception {
    try (LogRecorder log = new LogRecorder("dev.eventstack.http.SocketRoutes");
        RawWebSocket stalled = new RawWebSocket(port, "/sockets/beers?format=json");
        TestSocket reader = TestSocket.open(port, "/sockets/beers")) {
      // Events of about 1 KB each, far more than socket buffers and the write queue hold.
      String padding = "x".repeat(1_000);
      EventBus bus = stack.vertx().eventBus();
      int flood = 20_000;
      for (int id = 0; id < flood; id++) {
        bus.publish(
            Addresses.Events.BEER_ADDED,
            new JsonObject()
                .put(
                    "beer",
                    new JsonObject().put("id", id).put("tapId", 7).put("padding", padding)));
      }

      String last = "Beer " + (flood - 1) + " added to the collection";
      String received = reader.next(10);
      while (!received.equals(last)) {
        received = reader.next(10);
      }
      // The stalled client starts reading only once it was dropped: reading any earlier would
      // drain its queue, and it would never be too slow.
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
      while (log.count("socket dropped: slow consumer") == 0 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(1008, stalled.readUntilClose(), "the stalled client is closed as too slow");
      assertEquals(1, log.count("socket dropped: slow consumer"), "the drop is logged once");
    }
  }

  private static List<Long> ids(JsonArray beers) {
    List<Long> ids = new ArrayList<>();
    beers.forEach(beer -> ids.add(((JsonObject) beer).getLong("id")));
    return ids;
  }
}
